package dev.portcullis.application.session;

import dev.portcullis.application.grant.port.out.ClientStore;
import dev.portcullis.application.session.port.in.AuthorizeOutcome;
import dev.portcullis.application.session.port.in.StartBrowserLogin;
import dev.portcullis.application.session.port.out.SessionStore;
import dev.portcullis.application.session.port.out.UpstreamProvider;
import dev.portcullis.application.shared.port.out.TokenGenerator;
import dev.portcullis.domain.grant.RegisteredClient;
import dev.portcullis.domain.session.PendingLogin;
import dev.portcullis.domain.session.Pkce;
import dev.portcullis.domain.shared.CredentialHash;
import java.net.URI;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /oauth/authorize} for a browser app (RFC 6749 §4.1.1 with PKCE S256 required): the client and
 * its exact redirect URI are checked, a pending login is stored (our own state, nonce and PKCE verifier
 * toward the upstream), and the browser goes to the upstream provider.
 */
public final class StartBrowserLoginService implements StartBrowserLogin {
  private final ClientStore clients;
  private final UpstreamProvider upstream;
  private final SessionStore store;
  private final TokenGenerator random;
  private final InstantSource clock;
  private final BrokerSettings settings;

  public StartBrowserLoginService(ClientStore clients, UpstreamProvider upstream, SessionStore store, TokenGenerator random, InstantSource clock,
                                  BrokerSettings settings) {
    this.clients = clients;
    this.upstream = upstream;
    this.store = store;
    this.random = random;
    this.clock = clock;
    this.settings = settings;
  }

  @Override
  public AuthorizeOutcome start(AuthorizeRequest request) {
    Optional<RegisteredClient> found = request.clientId() == null ? Optional.empty() : clients.find(request.clientId());
    if (found.isEmpty() || !found.get().metadata().grantTypes().contains("authorization_code")) {
      return new AuthorizeOutcome.ErrorPage("invalid_client", "unknown client_id, or the client is not registered for the authorization_code grant");
    }
    RegisteredClient client = found.get();
    List<URI> registered = client.metadata().redirectUris();
    URI redirectUri;
    if (request.redirectUri().isPresent()) {
      redirectUri = registered.stream().filter(uri -> uri.toString().equals(request.redirectUri().get())).findFirst().orElse(null);
    } else {
      redirectUri = registered.size() == 1 ? registered.get(0) : null; // RFC 6749 §3.1.2.3
    }
    if (redirectUri == null) {
      return new AuthorizeOutcome.ErrorPage("invalid_request", "redirect_uri does not exactly match a registered redirect URI");
    }
    // From here on errors go back to the client (RFC 6749 §4.1.2.1).
    Optional<String> state = request.state();
    if (!request.responseType().map("code"::equals).orElse(false)) {
      return BrowserRedirects.error(settings.issuer(), redirectUri, "unsupported_response_type", "response_type must be code", state);
    }
    if (!request.codeChallengeMethod().map("S256"::equals).orElse(false) || !request.codeChallenge().map(Pkce::validChallenge).orElse(false)) {
      return BrowserRedirects.error(settings.issuer(), redirectUri, "invalid_request", "PKCE is required: code_challenge (43 base64url characters) with code_challenge_method=S256", state);
    }
    Set<String> scope = request.scope().map(dev.portcullis.domain.grant.ClientMetadata::parseScope).orElse(client.metadata().scope());
    if (!client.metadata().scope().containsAll(scope)) {
      return BrowserRedirects.error(settings.issuer(), redirectUri, "invalid_scope", "the requested scope exceeds the scope registered for this client", state);
    }
    if (request.nonce().filter(n -> n.length() > 255 || !n.matches("[\\x20-\\x7E]+")).isPresent()) {
      return BrowserRedirects.error(settings.issuer(), redirectUri, "invalid_request", "nonce must be 1 to 255 printable ASCII characters", state);
    }
    UpstreamProvider.Discovery discovery;
    try {
      discovery = upstream.discovery();
    } catch (UpstreamProvider.DiscoveryFailed e) {
      return BrowserRedirects.error(settings.issuer(), redirectUri, "temporarily_unavailable", "the identity provider cannot be reached; try again shortly", state);
    }
    Instant now = clock.instant();
    String upstreamState = random.randomToken(32);
    String nonce = random.randomToken(32);
    String verifier = random.randomToken(32);
    PendingLogin pending = new PendingLogin(CredentialHash.of(upstreamState), client.clientId(), redirectUri, state, request.codeChallenge().get(), scope,
        nonce, verifier, now.plus(BrokerSettings.PENDING_LOGIN_TTL), request.nonce());
    if (!store.savePending(pending, settings.maxPendingLogins(), now)) {
      return BrowserRedirects.error(settings.issuer(), redirectUri, "temporarily_unavailable", "too many logins in progress; try again shortly", state);
    }
    return new AuthorizeOutcome.Redirect(upstream.authorizationUrl(new UpstreamProvider.AuthorizationRequest(settings.callbackUri(), settings.upstreamScopes(),
        upstreamState, nonce, Pkce.challengeOf(verifier), request.loginHint(), request.prompt())));
  }
}
