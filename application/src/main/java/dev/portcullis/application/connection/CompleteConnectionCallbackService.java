package dev.portcullis.application.connection;

import dev.portcullis.application.audit.Auditor;
import dev.portcullis.application.connection.ProviderAccess.Endpoints;
import dev.portcullis.application.connection.port.in.CompleteConnectionCallback;
import dev.portcullis.application.connection.port.out.ConnectionStore;
import dev.portcullis.application.connection.port.out.ProviderOAuth.TokenResult;
import dev.portcullis.application.connection.port.out.ProviderStore;
import dev.portcullis.application.shared.SealedFields;
import dev.portcullis.application.shared.port.out.Envelope;
import dev.portcullis.application.shared.UriQuery;
import dev.portcullis.application.shared.port.out.IdTokenVerifier;
import dev.portcullis.application.shared.port.out.TokenGenerator;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditOutcome;
import dev.portcullis.domain.connection.Connection;
import dev.portcullis.domain.connection.PendingAuthorization;
import dev.portcullis.domain.connection.Provider;
import dev.portcullis.domain.connection.ProviderEndpoints;
import dev.portcullis.domain.shared.CredentialHash;
import dev.portcullis.domain.shared.UnicodeText;
import java.net.URI;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The provider's redirect back: the pending authorization is taken (single use), the code redeemed with
 * the PKCE verifier, an ID token verified against the nonce when openid was asked, and the browser sent
 * back to the tenant's return URL with the connection id or the error.
 */
public final class CompleteConnectionCallbackService implements CompleteConnectionCallback {
  private final ProviderStore providers;
  private final ConnectionStore store;
  private final ProviderAccess oauth;
  private final IdTokenVerifier idTokens;
  private final Envelope envelope;
  private final TokenGenerator random;
  private final Auditor auditor;
  private final InstantSource clock;
  private final ConnectSettings settings;

  public CompleteConnectionCallbackService(ProviderStore providers, ConnectionStore store, ProviderAccess oauth, IdTokenVerifier idTokens, Envelope envelope,
                                           TokenGenerator random, Auditor auditor, InstantSource clock, ConnectSettings settings) {
    this.providers = providers;
    this.store = store;
    this.oauth = oauth;
    this.idTokens = idTokens;
    this.envelope = envelope;
    this.random = random;
    this.auditor = auditor;
    this.clock = clock;
    this.settings = settings;
  }

  @Override
  public CallbackOutcome complete(String state, Optional<String> code, Optional<String> error, Optional<String> errorDescription) {
    Instant now = clock.instant();
    if (state == null || state.isEmpty() || state.length() > 200) {
      return new CallbackOutcome.ErrorPage("the state parameter is missing or invalid");
    }
    Optional<PendingAuthorization> taken = store.takePending(CredentialHash.of(state), now);
    if (taken.isEmpty()) {
      return new CallbackOutcome.ErrorPage("this connection attempt is unknown, already completed or expired; start again");
    }
    PendingAuthorization pending = taken.get();
    Map<String, String> back = new LinkedHashMap<>();
    back.put("state", state);
    Optional<Provider> provider = providers.find(pending.providerId());
    if (provider.isEmpty()) {
      return back(pending, back, "invalid_request", "the provider was deleted");
    }
    if (error.isPresent()) {
      return back(pending, back, UnicodeText.printable(error.get()), errorDescription.map(UnicodeText::printable).orElse("the provider refused"));
    }
    if (code.isEmpty()) {
      return back(pending, back, "invalid_request", "the provider sent neither code nor error");
    }
    List<Optional<String>> secrets = SealedFields.open(envelope, pending.secrets(), PendingAuthorization.binding(pending.tenant(), pending.stateHash()), 2);
    ProviderEndpoints endpoints;
    switch (oauth.endpoints(provider.get())) {
      case Endpoints.Unresolved unresolved -> {
        return back(pending, back, "temporarily_unavailable", "the provider's metadata cannot be read");
      }
      case Endpoints.Resolved resolved -> endpoints = resolved.metadata().endpoints();
    }
    Map<String, String> grant = new LinkedHashMap<>();
    grant.put("grant_type", "authorization_code");
    grant.put("code", code.get());
    grant.put("redirect_uri", settings.callbackUri().toString());
    grant.put("code_verifier", secrets.get(0).orElseThrow());
    TokenResult result = oauth.token(provider.get(), endpoints, grant);
    if (!(result instanceof TokenResult.Tokens tokens)) {
      return switch (result) {
        case TokenResult.Rejected rejected -> back(pending, back, rejected.error(), rejected.description());
        case TokenResult.Unavailable unavailable -> back(pending, back, "temporarily_unavailable", "the provider cannot be reached; try again");
        default -> back(pending, back, "server_error", "the provider's token response was invalid");
      };
    }
    Optional<String> subject = Optional.empty();
    if (tokens.idToken().isPresent()) {
      Optional<Map<String, Object>> claims = verifyIdToken(provider.get(), endpoints, tokens.idToken().get(), secrets.get(1).orElse(""));
      if (claims.isEmpty()) {
        return back(pending, back, "invalid_request", "the provider's ID token did not verify");
      }
      subject = Optional.ofNullable(claims.get().get("sub")).map(Object::toString);
    } else if (secrets.get(1).isPresent()) {
      return back(pending, back, "invalid_request", "openid was requested but the provider sent no ID token");
    }
    Connection connection = ConnectionTokens.newConnection(envelope, "con_" + random.randomToken(12), pending.tenant(), provider.get(), "authorization_code",
        tokens, ProviderAnswers.granted(tokens, pending.scope()), subject, now);
    store.add(connection);
    auditor.record(ConnectionDirectory.SYSTEM, pending.tenant(), AuditAction.CONNECTION_CREATE, connection.id(), AuditOutcome.SUCCESS);
    back.put("connection_id", connection.id());
    return new CallbackOutcome.Redirect(UriQuery.append(pending.returnUrl(), back));
  }

  private Optional<Map<String, Object>> verifyIdToken(Provider provider, ProviderEndpoints endpoints, String idToken, String nonce) {
    if (endpoints.jwks().isEmpty()) {
      return Optional.empty();
    }
    String issuer = provider.issuer().map(URI::toString).orElse("").replaceAll("/+$", "");
    for (int attempt = 0; attempt < 2; attempt++) { // the second fetch only when the key is unknown (rotation)
      Optional<String> jwks = oauth.jwks(endpoints.jwks().get());
      if (jwks.isEmpty()) {
        return Optional.empty();
      }
      IdTokenVerifier.Result result = idTokens.verify(idToken, jwks.get(), issuer, provider.clientId(), nonce, clock.instant());
      if (result instanceof IdTokenVerifier.Valid valid) {
        return Optional.of(valid.claims());
      }
      if (!(result instanceof IdTokenVerifier.Invalid invalid && invalid.unknownKey())) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static CallbackOutcome back(PendingAuthorization pending, Map<String, String> back, String error, String description) {
    back.put("error", error);
    back.put("error_description", description);
    return new CallbackOutcome.Redirect(UriQuery.append(pending.returnUrl(), back));
  }
}
