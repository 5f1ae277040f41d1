package dev.portcullis.embedded;

import dev.portcullis.application.connection.port.in.CompleteConnectionCallback;
import dev.portcullis.application.connection.port.in.ConnectWithoutBrowser;
import dev.portcullis.application.connection.port.in.DeleteConnection;
import dev.portcullis.application.connection.port.in.DeleteProvider;
import dev.portcullis.application.connection.port.in.GetConnection;
import dev.portcullis.application.connection.port.in.GetProvider;
import dev.portcullis.application.connection.port.in.IssueConnectionToken;
import dev.portcullis.application.connection.port.in.ListConnections;
import dev.portcullis.application.connection.port.in.ListProviders;
import dev.portcullis.application.connection.port.in.ReadConnectionUserinfo;
import dev.portcullis.application.connection.port.in.RefreshConnectionToken;
import dev.portcullis.application.connection.port.in.RegisterProvider;
import dev.portcullis.application.connection.port.in.StartConnection;
import dev.portcullis.application.connection.port.in.UpdateProvider;

/**
 * The outbound token vault's use cases, exactly as the service runs them behind
 * {@code /v1/tenants/{tenant}/providers} and {@code .../connections}: register a third-party provider
 * (discovered from its issuer), connect with the authorization code flow + PKCE ({@link #startConnection}
 * gives the URL to send the browser to; the product's own callback URL hands what comes back to
 * {@link #completeConnection}), and {@link #token} returns a valid access token, refreshed ahead of
 * expiry with single flight in the process and a lease across processes. Outbound calls obey the
 * egress policy given to the builder. Each call blocks its thread (see {@link EmbeddedVaults#async}).
 */
public record TokenVault(RegisterProvider registerProvider, ListProviders listProviders, GetProvider getProvider, UpdateProvider updateProvider,
                         DeleteProvider deleteProvider, StartConnection startConnection, CompleteConnectionCallback completeConnection,
                         ConnectWithoutBrowser connectWithoutBrowser, ListConnections listConnections, GetConnection getConnection,
                         IssueConnectionToken token, RefreshConnectionToken refreshToken, ReadConnectionUserinfo userinfo,
                         DeleteConnection deleteConnection) {}
