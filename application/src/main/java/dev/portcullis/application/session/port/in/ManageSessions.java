package dev.portcullis.application.session.port.in;

import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.session.Session;
import dev.portcullis.domain.shared.TenantId;
import java.util.List;
import java.util.Optional;

/** {@code /v1/tenants/{tenant}/sessions}: list (optionally one subject's) and end sessions. Administrators only. */
public interface ManageSessions {
  /** Empty when the caller may not. */
  Optional<List<Session>> list(RequestContext context, TenantId tenant, Optional<String> subject);

  Ended end(RequestContext context, TenantId tenant, String sessionId);

  enum Ended {
    ENDED,
    NOT_FOUND,
    DENIED
  }
}
