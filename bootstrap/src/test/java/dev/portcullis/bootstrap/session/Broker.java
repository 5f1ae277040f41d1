package dev.portcullis.bootstrap.session;

import dev.portcullis.application.audit.Auditor;
import dev.portcullis.application.grant.AccessTokens;
import dev.portcullis.application.grant.port.out.ClientStore;
import dev.portcullis.application.shared.port.out.Envelope;
import dev.portcullis.application.session.BrokerSettings;
import dev.portcullis.application.session.CompleteBrowserLoginService;
import dev.portcullis.application.session.LogoutService;
import dev.portcullis.application.session.RedeemSessionCodeService;
import dev.portcullis.application.session.RefreshSessionService;
import dev.portcullis.application.session.RevokeSessionTokens;
import dev.portcullis.application.session.StartBrowserLoginService;
import dev.portcullis.application.session.port.in.AuthorizeOutcome;
import dev.portcullis.application.session.port.in.LogoutOutcome;
import dev.portcullis.application.session.port.in.StartBrowserLogin;
import dev.portcullis.application.session.port.in.TokenOutcome;
import dev.portcullis.application.session.port.out.SessionStore;
import dev.portcullis.application.session.port.out.UpstreamProvider;
import dev.portcullis.application.shared.port.out.Suspension;
import dev.portcullis.application.shared.port.out.TokenGenerator;
import java.net.URI;
import java.time.InstantSource;
import java.util.Optional;

/** The broker's use cases wired over one store, as one node of a deployment has them (a test fixture). */
record Broker(StartBrowserLoginService start, CompleteBrowserLoginService complete, RedeemSessionCodeService redeem, RefreshSessionService refreshing,
              RevokeSessionTokens revoking, LogoutService logouts) {
  static Broker of(ClientStore clients, UpstreamProvider upstream, SessionStore sessions, Envelope envelope, AccessTokens accessTokens, TokenGenerator random,
                   InstantSource clock, BrokerSettings settings, Suspension suspension, Auditor auditor) {
    return new Broker(new StartBrowserLoginService(clients, upstream, sessions, random, clock, settings),
        new CompleteBrowserLoginService(clients, upstream, sessions, envelope, random, clock, settings, auditor),
        new RedeemSessionCodeService(sessions, accessTokens, envelope, upstream, random, clock, settings, auditor),
        new RefreshSessionService(sessions, accessTokens, envelope, upstream, random, clock, settings, suspension, auditor),
        new RevokeSessionTokens(sessions, accessTokens, envelope, upstream, clock, settings, auditor),
        new LogoutService(clients, sessions, accessTokens, envelope, upstream, clock, settings, auditor));
  }

  AuthorizeOutcome authorize(StartBrowserLogin.AuthorizeRequest request) {
    return start.start(request);
  }

  AuthorizeOutcome callback(String upstreamState, Optional<String> code, Optional<String> error, Optional<String> errorDescription) {
    return complete.complete(upstreamState, code, error, errorDescription);
  }

  TokenOutcome exchangeCode(String clientId, String code, URI redirectUri, String codeVerifier) {
    return redeem.redeem(clientId, code, redirectUri, codeVerifier);
  }

  TokenOutcome refresh(String clientId, String refreshToken) {
    return refreshing.refresh(clientId, refreshToken);
  }

  boolean revoke(String clientId, String token) {
    return revoking.revoke(clientId, token);
  }

  LogoutOutcome logout(String clientId, Optional<String> bffAccessToken, URI postLogoutRedirectUri, Optional<String> state) {
    return logouts.logout(clientId, bffAccessToken, postLogoutRedirectUri, state);
  }

  LogoutOutcome logoutReturned(String state) {
    return logouts.complete(state);
  }
}
