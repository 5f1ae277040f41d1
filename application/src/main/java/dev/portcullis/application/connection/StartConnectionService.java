package dev.portcullis.application.connection;

import dev.portcullis.application.audit.Auditor;
import dev.portcullis.application.connection.ProviderAccess.Endpoints;
import dev.portcullis.application.connection.port.in.ConnectionOutcome;
import dev.portcullis.application.connection.port.in.StartConnection;
import dev.portcullis.application.connection.port.out.ConnectionStore;
import dev.portcullis.application.connection.port.out.ProviderStore;
import dev.portcullis.application.shared.SealedFields;
import dev.portcullis.application.shared.port.out.Envelope;
import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.application.shared.UriQuery;
import dev.portcullis.application.shared.port.out.TokenGenerator;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.connection.PendingAuthorization;
import dev.portcullis.domain.connection.Provider;
import dev.portcullis.domain.connection.ProviderEndpoints;
import dev.portcullis.domain.session.Pkce;
import dev.portcullis.domain.shared.CredentialHash;
import dev.portcullis.domain.shared.Permission;
import dev.portcullis.domain.shared.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * RFC 6749 §4.1 with PKCE (RFC 7636) toward a provider: a pending authorization (state hashed, verifier
 * and nonce sealed) and the provider's authorization URL to send the browser to.
 */
public final class StartConnectionService implements StartConnection {
  private final ConnectionDirectory directory;
  private final ConnectionStore store;
  private final ProviderAccess oauth;
  private final Envelope envelope;
  private final TokenGenerator random;
  private final InstantSource clock;
  private final ConnectSettings settings;

  public StartConnectionService(ProviderStore providers, ConnectionStore store, ProviderAccess oauth, Envelope envelope, TokenGenerator random,
                                Auditor auditor, InstantSource clock, ConnectSettings settings) {
    this.directory = new ConnectionDirectory(providers, store, auditor);
    this.store = store;
    this.oauth = oauth;
    this.envelope = envelope;
    this.random = random;
    this.clock = clock;
    this.settings = settings;
  }

  @Override
  public ConnectionOutcome<Authorization> start(RequestContext context, TenantId tenant, String providerId, AuthorizeRequest request) {
    ConnectionOutcome<Provider> found = directory.providerToConnect(context, tenant, providerId);
    if (!(found instanceof ConnectionOutcome.Ok<Provider> ok)) {
      return found.failure();
    }
    Provider provider = ok.value();
    if (!provider.allows("authorization_code")) {
      return new ConnectionOutcome.Invalid<>("authorization_code is not enabled for this provider");
    }
    if (!provider.returnUrls().contains(request.returnUrl())) {
      return new ConnectionOutcome.Invalid<>("return_url is not one of the provider's return_urls");
    }
    Optional<String> problem = ProviderAnswers.scopeProblem(request.scopes());
    if (problem.isPresent()) {
      return new ConnectionOutcome.Invalid<>(problem.get());
    }
    ProviderEndpoints endpoints;
    switch (oauth.endpoints(provider)) {
      case Endpoints.Unresolved unresolved -> {
        return ProviderAnswers.unresolved(unresolved);
      }
      case Endpoints.Resolved resolved -> endpoints = resolved.metadata().endpoints();
    }
    Instant now = clock.instant();
    String state = random.randomToken(32);
    String verifier = random.randomToken(32);
    List<String> scopes = request.scopes().orElse(provider.scopes());
    Optional<String> nonce = scopes.contains("openid") ? Optional.of(random.randomToken(24)) : Optional.empty();
    byte[] stateHash = CredentialHash.of(state);
    PendingAuthorization pending = new PendingAuthorization(stateHash, tenant, providerId,
        SealedFields.seal(envelope, PendingAuthorization.binding(tenant, stateHash), Optional.of(verifier), nonce), request.returnUrl(), Set.copyOf(scopes),
        now.plus(settings.pendingTtl()));
    if (!store.savePending(pending, settings.maxPending(), now)) {
      return new ConnectionOutcome.Unavailable<>(Duration.ofSeconds(30), "too many connections are being started; retry shortly");
    }
    Map<String, String> query = new LinkedHashMap<>();
    query.put("response_type", "code");
    query.put("client_id", provider.clientId());
    query.put("redirect_uri", settings.callbackUri().toString());
    if (!scopes.isEmpty()) {
      query.put("scope", String.join(" ", scopes));
    }
    query.put("state", state);
    query.put("code_challenge", Pkce.challengeOf(verifier));
    query.put("code_challenge_method", "S256");
    nonce.ifPresent(n -> query.put("nonce", n));
    request.loginHint().ifPresent(hint -> query.put("login_hint", hint));
    request.prompt().ifPresent(prompt -> query.put("prompt", prompt));
    return new ConnectionOutcome.Ok<>(new Authorization(UriQuery.append(endpoints.authorization().orElseThrow(), query), state));
  }
}
