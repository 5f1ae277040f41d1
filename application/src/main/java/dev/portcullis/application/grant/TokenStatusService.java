package dev.portcullis.application.grant;

import dev.portcullis.application.grant.port.in.ClientCredential;
import dev.portcullis.application.grant.port.in.OAuthError;
import dev.portcullis.application.grant.port.in.IntrospectToken;
import dev.portcullis.application.grant.port.in.RevokeToken;
import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.grant.AccessTokenClaims;
import dev.portcullis.domain.grant.RegisteredClient;
import java.util.Optional;

/**
 * RFC 7662 introspection and RFC 7009 revocation. A client sees a token as active only when it
 * belongs to the client's own tenant (a resource server of one tenant learns nothing about
 * another's); a client revokes only tokens issued to it.
 */
public final class TokenStatusService implements IntrospectToken, RevokeToken {
  private final ClientAuthenticator authenticator;
  private final AccessTokens accessTokens;
  private final java.util.List<RevocationExtension> extensions;

  /** Another kind of token that {@code /oauth/revoke} accepts (a BFF session's tokens): true when it recognised and revoked it. */
  public interface RevocationExtension {
    boolean revoke(String clientId, String token);
  }

  private final dev.portcullis.application.audit.Auditor auditor;
  private final dev.portcullis.application.shared.port.out.Transactions transactions;

  /** @param transactions a revocation and its audit record commit together or not at all */
  public TokenStatusService(ClientAuthenticator authenticator, AccessTokens accessTokens, java.util.List<RevocationExtension> extensions,
                            dev.portcullis.application.audit.Auditor auditor, dev.portcullis.application.shared.port.out.Transactions transactions) {
    this.auditor = auditor;
    this.transactions = transactions;
    this.authenticator = authenticator;
    this.accessTokens = accessTokens;
    this.extensions = java.util.List.copyOf(extensions);
  }

  @Override
  public Introspection introspect(ClientCredential caller, String token) {
    if (caller instanceof ClientCredential.Public) { // RFC 7662 §2.1: the endpoint requires authorization; a public client proves nothing
      return new Introspection.Rejected(OAuthError.invalidClient("introspection needs an authenticated confidential client (RFC 7662 section 2.1)"));
    }
    return switch (authenticator.authenticate(caller)) {
      case ClientAuthenticator.Outcome.Rejected rejected -> new Introspection.Rejected(rejected.error());
      case ClientAuthenticator.Outcome.Authenticated authenticated -> {
        RegisteredClient client = authenticated.client();
        Optional<AccessTokenClaims> claims = accessTokens.active(token).filter(c -> c.tenant().equals(client.metadata().tenant()));
        yield claims.<Introspection>map(Introspection.Active::new).orElseGet(Introspection.Inactive::new);
      }
    };
  }

  @Override
  public Introspection introspect(RequestContext caller, String token) {
    if (!caller.principal().isAdmin()) {
      return new Introspection.Rejected(OAuthError.invalidClient("only the administrator introspects with a bearer credential"));
    }
    return accessTokens.active(token).<Introspection>map(Introspection.Active::new).orElseGet(Introspection.Inactive::new);
  }

  @Override
  public Revocation revoke(ClientCredential caller, String token) {
    return switch (authenticator.authenticate(caller)) {
      case ClientAuthenticator.Outcome.Rejected rejected -> new Revocation.Rejected(rejected.error());
      case ClientAuthenticator.Outcome.Authenticated authenticated -> {
        String clientId = authenticated.client().clientId();
        if (extensions.stream().anyMatch(extension -> extension.revoke(clientId, token))) {
          yield new Revocation.Done();
        }
        Optional<AccessTokenClaims> claims = accessTokens.current(token);
        if (claims.isPresent() && !claims.get().clientId().equals(authenticated.client().clientId())) {
          yield new Revocation.Rejected(OAuthError.badRequest("invalid_request", "this token was not issued to the authenticated client (RFC 7009 section 2.1)"));
        }
        claims.ifPresent(revoked -> transactions.inTransaction(() -> {
          if (accessTokens.revoke(revoked)) {
            auditor.record("client:" + clientId, authenticated.client().metadata().tenant(), dev.portcullis.domain.audit.AuditAction.TOKEN_REVOKE,
                revoked.jwtId(), dev.portcullis.domain.audit.AuditOutcome.SUCCESS, "");
          }
          return null;
        }));
        yield new Revocation.Done();
      }
    };
  }
}
