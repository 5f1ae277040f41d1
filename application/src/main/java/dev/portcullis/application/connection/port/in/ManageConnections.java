package dev.portcullis.application.connection.port.in;

import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.connection.Connection;
import dev.portcullis.domain.shared.SecretBytes;
import dev.portcullis.domain.shared.TenantId;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Connections: one set of tokens for one subject at one provider, and the valid access token on request. */
public interface ManageConnections {
  /** Starts an authorization-code + PKCE connection: where to send the browser. */
  ConnectionOutcome<Authorization> authorize(RequestContext context, TenantId tenant, String providerId, AuthorizeRequest request);

  /** The browser is back from the provider ({@code /v1/connect/callback}): where to send it next. */
  CallbackOutcome callback(String state, Optional<String> code, Optional<String> error, Optional<String> errorDescription);

  /** A connection by a grant without a browser: client_credentials, password, an extension grant, or the device flow (pending). */
  ConnectionOutcome<Connected> connect(RequestContext context, TenantId tenant, String providerId, ConnectRequest request);

  ConnectionOutcome<Listing> list(RequestContext context, TenantId tenant, Optional<String> providerId, Optional<String> after, int limit);

  ConnectionOutcome<Connection> get(RequestContext context, TenantId tenant, String connectionId);

  /** A valid access token: the stored one, or refreshed first when it is within the buffer of expiry. */
  ConnectionOutcome<AccessToken> token(RequestContext context, TenantId tenant, String connectionId);

  /** Revokes at the provider (RFC 7009) when it can, then deletes. */
  ConnectionOutcome<Connection> delete(RequestContext context, TenantId tenant, String connectionId);

  /** Polls due device authorizations (background job); how many were polled. */
  int pollDevices();

  record AuthorizeRequest(URI returnUrl, Optional<List<String>> scopes, Optional<String> loginHint, Optional<String> prompt) {}

  record Authorization(URI authorizationUrl, String state) {}

  /**
   * @param grantType client_credentials, password, the device_code URN, or an extension grant URI
   * @param parameters extra token-request parameters for extension grants (and audience/resource for any)
   */
  record ConnectRequest(String grantType, Optional<List<String>> scopes, Optional<String> username, Optional<SecretBytes> password,
                        Map<String, String> parameters) {
    @Override
    public String toString() {
      return "ConnectRequest[" + grantType + "]";
    }
  }

  /** A new connection; {@code device} is present for a device authorization still waiting for the user. */
  record Connected(Connection connection, Optional<DeviceAuthorization> device) {}

  record DeviceAuthorization(String userCode, URI verificationUri, Optional<URI> verificationUriComplete, Duration expiresIn, Duration interval) {}

  record Listing(List<Connection> connections, Optional<String> nextCursor) {}

  /** Never logged: toString hides the token. */
  record AccessToken(String accessToken, String tokenType, Optional<Instant> expiresAt, String scope) {
    @Override
    public String toString() {
      return "AccessToken[" + tokenType + ", expires " + expiresAt.map(Instant::toString).orElse("never") + "]";
    }
  }

  sealed interface CallbackOutcome {
    record Redirect(URI location) implements CallbackOutcome {}

    /** Nobody may be redirected (unknown or expired state): a 400 page. */
    record ErrorPage(String message) implements CallbackOutcome {}
  }
}
