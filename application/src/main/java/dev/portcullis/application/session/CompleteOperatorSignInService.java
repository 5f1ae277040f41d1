package dev.portcullis.application.session;

import dev.portcullis.application.audit.Auditor;
import dev.portcullis.application.session.port.in.CompleteOperatorSignIn;
import dev.portcullis.application.session.port.out.UpstreamProvider;
import dev.portcullis.application.session.port.out.UpstreamProvider.IdTokenResult;
import dev.portcullis.application.session.port.out.UpstreamProvider.TokenResult;
import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditOutcome;
import dev.portcullis.domain.session.OperatorRoles;
import dev.portcullis.domain.shared.Principal;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An operator's console sign-in, completed: the code redeemed (PKCE), the ID token verified (nonce), the
 * upstream's tokens given back at once (the console keeps none of them: it acts as the principal the
 * {@link OperatorRoles} decide, for the console session's lifetime), and the outcome audited — a sign-in
 * in the chain of the tenant it acts in (the platform's for an admin), a refusal in the platform's.
 */
public final class CompleteOperatorSignInService implements CompleteOperatorSignIn {
  private final UpstreamProvider upstream;
  private final OperatorRoles roles;
  private final Auditor auditor;

  public CompleteOperatorSignInService(UpstreamProvider upstream, OperatorRoles roles, Auditor auditor) {
    this.upstream = upstream;
    this.roles = roles;
    this.auditor = auditor;
  }

  private static String printable(String text) {
    String cleaned = text.replaceAll("[^\\x20-\\x7E]", "?");
    return cleaned.length() > 200 ? cleaned.substring(0, 200) + "..." : cleaned;
  }

  @Override
  public Outcome complete(Optional<String> code, Optional<String> error, String verifier, String nonce, URI redirectUri, String requestId,
                          String clientAddress) {
    if (error.isPresent() || code.isEmpty()) {
      return new Outcome.Failed("the identity provider did not sign the user in");
    }
    TokenResult.Tokens tokens;
    switch (upstream.exchangeCode(code.get(), verifier, redirectUri)) {
      case TokenResult.Tokens t -> tokens = t;
      case TokenResult.Rejected rejected -> {
        return new Outcome.Failed("the identity provider refused the code exchange: " + rejected.error());
      }
      case TokenResult.Unavailable unavailable -> {
        return new Outcome.Unavailable("the identity provider cannot be reached");
      }
    }
    tokens.refreshToken().ifPresent(refresh -> upstream.revoke(refresh, "refresh_token"));
    if (tokens.idToken().isEmpty()) {
      return new Outcome.Failed("the identity provider sent no id_token");
    }
    Map<String, Object> claims;
    switch (upstream.verifyIdToken(tokens.idToken().get(), nonce)) {
      case IdTokenResult.Valid valid -> claims = valid.claims();
      case IdTokenResult.Invalid invalid -> {
        return new Outcome.Failed("the identity provider's id_token is not valid");
      }
      case IdTokenResult.Unavailable unavailable -> {
        return new Outcome.Unavailable("the identity provider's keys cannot be fetched");
      }
    }
    if (!(claims.get("sub") instanceof String subject) || subject.isBlank()) {
      return new Outcome.Failed("the id_token has no subject");
    }
    List<String> groups = claims.get("groups") instanceof List<?> list ? list.stream().filter(String.class::isInstance).map(String.class::cast).toList() : List.of();
    // what the record names: a verified email, else the subject — printable and bounded (the claims are the provider's users')
    String name = printable(Boolean.TRUE.equals(claims.get("email_verified")) && claims.get("email") instanceof String email ? email : subject);
    switch (roles.decide(subject, groups)) {
      case OperatorRoles.Decision.Operator operator -> {
        Principal principal = operator.principal();
        auditor.record(new RequestContext(principal, requestId, clientAddress), principal.homeTenant(), AuditAction.CONSOLE_SIGNIN, name,
            AuditOutcome.SUCCESS, principal.isAdmin() ? "platform admin" : "scopes " + String.join(" ", ((Principal.Client) principal).scopes().stream().sorted().toList()));
        return new Outcome.SignedIn(principal, name);
      }
      case OperatorRoles.Decision.Refused refused -> {
        auditor.record(new RequestContext(new Principal.Client(subject, Principal.Admin.SYSTEM, java.util.Set.of(), Principal.Admin.OPERATOR + subject), requestId,
            clientAddress),
            Principal.Admin.SYSTEM, AuditAction.CONSOLE_SIGNIN, name, AuditOutcome.DENIED, refused.reason());
        return new Outcome.NotPermitted(refused.reason());
      }
    }
  }
}
