package dev.portcullis.adapter.http.connection;

import dev.portcullis.application.connection.port.in.IssueConnectionToken;
import dev.portcullis.application.connection.port.in.ReadConnectionUserinfo;
import dev.portcullis.application.connection.port.in.RefreshConnectionToken;
import jakarta.inject.Inject;

/** What {@code /v1/tenants/{tenant}/connections/{id}/token|refresh|userinfo} drive: the use cases that use a connection's token. */
public record ConnectionTokenUseCases(IssueConnectionToken issue, RefreshConnectionToken refresh, ReadConnectionUserinfo userinfo) {
  @Inject
  public ConnectionTokenUseCases {
  }
}
