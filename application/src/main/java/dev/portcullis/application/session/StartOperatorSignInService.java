package dev.portcullis.application.session;

import dev.portcullis.application.session.port.in.StartOperatorSignIn;
import dev.portcullis.application.session.port.out.UpstreamProvider;
import dev.portcullis.application.shared.port.out.TokenGenerator;
import dev.portcullis.domain.session.Pkce;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/** The upstream authorization request of an operator's console sign-in: fresh state, nonce and PKCE verifier, S256. */
public final class StartOperatorSignInService implements StartOperatorSignIn {
  /** {@code groups} carries the claim the operator roles are decided by. */
  public static final List<String> SCOPES = List.of("openid", "email", "profile", "groups");
  private final UpstreamProvider upstream;
  private final TokenGenerator random;

  public StartOperatorSignInService(UpstreamProvider upstream, TokenGenerator random) {
    this.upstream = upstream;
    this.random = random;
  }

  @Override
  public Started start(URI redirectUri, Optional<String> loginHint) {
    String state = random.randomToken(32);
    String nonce = random.randomToken(32);
    String verifier = random.randomToken(32);
    URI url = upstream.authorizationUrl(new UpstreamProvider.AuthorizationRequest(redirectUri, SCOPES, state, nonce, Pkce.challengeOf(verifier),
        loginHint.filter(hint -> hint.matches("[\\x20-\\x7E]{1,255}")), Optional.empty()));
    return new Started(url, state, verifier, nonce);
  }
}
