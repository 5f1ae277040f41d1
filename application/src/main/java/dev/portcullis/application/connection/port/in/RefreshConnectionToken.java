package dev.portcullis.application.connection.port.in;

import dev.portcullis.application.connection.port.in.IssueConnectionToken.AccessToken;
import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.shared.TenantId;

/**
 * A new access token of a connection now, whatever the cached one's expiry: for a caller whose request the
 * third party refused with 401 (token revoked early, scopes changed). Under the same single flight and
 * cross-node lease as the refresh ahead of expiry; concurrent forced refreshes of one connection make one
 * call to the provider. Never answers the token it was asked to replace.
 */
public interface RefreshConnectionToken {
  ConnectionOutcome<AccessToken> refresh(RequestContext context, TenantId tenant, String connectionId);
}
