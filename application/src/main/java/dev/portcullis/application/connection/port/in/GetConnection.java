package dev.portcullis.application.connection.port.in;

import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.connection.Connection;
import dev.portcullis.domain.shared.TenantId;

/** One connection of a tenant (its status and metadata; never its tokens). */
public interface GetConnection {
  ConnectionOutcome<Connection> get(RequestContext context, TenantId tenant, String connectionId);
}
