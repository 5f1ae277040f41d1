package dev.portcullis.application.connection.port.in;

import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.connection.Connection;
import dev.portcullis.domain.shared.TenantId;
import java.util.List;
import java.util.Optional;

/** A tenant's connections, a page at a time (by id, after a cursor), optionally of one provider. */
public interface ListConnections {
  ConnectionOutcome<Listing> list(RequestContext context, TenantId tenant, Optional<String> providerId, Optional<String> after, int limit);

  record Listing(List<Connection> connections, Optional<String> nextCursor) {}
}
