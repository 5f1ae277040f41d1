package dev.portcullis.application.connection;

import dev.portcullis.application.connection.port.out.ProviderOAuth.TokenResult;
import dev.portcullis.application.shared.SealedFields;
import dev.portcullis.application.shared.port.out.Envelope;
import dev.portcullis.domain.connection.Connection;
import dev.portcullis.domain.connection.Connection.Status;
import dev.portcullis.domain.connection.Provider;
import dev.portcullis.domain.shared.SealedValue;
import dev.portcullis.domain.shared.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The sealed token set of a connection, bound to its tenant and id. */
record ConnectionTokens(String accessToken, String tokenType, Optional<String> refreshToken, Optional<String> idToken) {
  static ConnectionTokens of(TokenResult.Tokens tokens) {
    return new ConnectionTokens(tokens.accessToken(), tokens.tokenType(), tokens.refreshToken(), tokens.idToken());
  }

  SealedValue seal(Envelope envelope, TenantId tenant, String connectionId) {
    return SealedFields.seal(envelope, Connection.binding(tenant, connectionId), Optional.of(accessToken), Optional.of(tokenType), refreshToken, idToken);
  }

  static ConnectionTokens open(Envelope envelope, Connection connection) {
    List<Optional<String>> fields = SealedFields.open(envelope, connection.tokens().orElseThrow(), Connection.binding(connection.tenant(), connection.id()), 4);
    return new ConnectionTokens(fields.get(0).orElse(""), fields.get(1).orElse("Bearer"), fields.get(2), fields.get(3));
  }

  /** A new active connection holding {@code tokens}, sealed under its fresh id. */
  static Connection newConnection(Envelope envelope, String id, TenantId tenant, Provider provider, String grantType, TokenResult.Tokens tokens,
                                  Set<String> scope, Optional<String> subject, Instant now) {
    SealedValue sealed = of(tokens).seal(envelope, tenant, id);
    return new Connection(id, tenant, provider.id(), grantType, subject, Status.ACTIVE, Optional.of(sealed), tokens.expiresIn().map(now::plus), scope,
        Optional.empty(), now, now);
  }

  @Override
  public String toString() {
    return "ConnectionTokens[sealed]";
  }
}
