package dev.portcullis.application.session.port.in;

import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.session.Session;
import dev.portcullis.domain.shared.TenantId;
import java.util.List;
import java.util.Optional;

/** {@code GET /v1/tenants/{tenant}/sessions}: a tenant's sessions (optionally one subject's). Administrators only: empty when the caller may not. */
public interface ListSessions {
  Optional<List<Session>> list(RequestContext context, TenantId tenant, Optional<String> subject);
}
