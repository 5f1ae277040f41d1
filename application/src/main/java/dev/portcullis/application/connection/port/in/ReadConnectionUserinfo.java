package dev.portcullis.application.connection.port.in;

import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.shared.TenantId;
import java.util.Map;

/**
 * The claims the provider's userinfo endpoint (OIDC Core §5.3) returns for a connection's user, asked with
 * the connection's access token — refreshed first when due, and once more when the provider refuses it.
 * Needs {@code connections:token}: whoever may hold the token may ask what it says.
 */
public interface ReadConnectionUserinfo {
  ConnectionOutcome<Map<String, Object>> userinfo(RequestContext context, TenantId tenant, String connectionId);
}
