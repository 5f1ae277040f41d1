package dev.portcullis.application.connection.port.in;

import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.connection.Connection;
import dev.portcullis.domain.shared.TenantId;

/** Revokes a connection's grant at the provider (RFC 7009) when it can, then deletes the connection. */
public interface DeleteConnection {
  ConnectionOutcome<Connection> delete(RequestContext context, TenantId tenant, String connectionId);
}
