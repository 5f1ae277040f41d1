package dev.portcullis.application.session.port.in;

import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.shared.TenantId;

/** {@code DELETE /v1/tenants/{tenant}/sessions/{id}}: an administrator ends a session everywhere. */
public interface EndSession {
  Ended end(RequestContext context, TenantId tenant, String sessionId);

  enum Ended {
    ENDED,
    NOT_FOUND,
    DENIED
  }
}
