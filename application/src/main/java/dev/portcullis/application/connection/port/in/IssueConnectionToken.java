package dev.portcullis.application.connection.port.in;

import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.shared.TenantId;
import java.time.Instant;
import java.util.Optional;

/** A valid access token of a connection, refreshed at the provider first when it nears expiry. */
public interface IssueConnectionToken {
  ConnectionOutcome<AccessToken> issue(RequestContext context, TenantId tenant, String connectionId);

  /** Never logged: toString hides the token. */
  record AccessToken(String accessToken, String tokenType, Optional<Instant> expiresAt, String scope) {
    @Override
    public String toString() {
      return "AccessToken[" + tokenType + ", expires " + expiresAt.map(Instant::toString).orElse("never") + "]";
    }
  }
}
