package dev.portcullis.application.session;

import dev.portcullis.application.audit.Auditor;
import dev.portcullis.application.grant.AccessTokens;
import dev.portcullis.application.grant.port.out.ClientStore;
import dev.portcullis.application.shared.port.out.Envelope;
import dev.portcullis.application.session.SessionEndings.Ending;
import dev.portcullis.application.session.port.in.CompleteLogout;
import dev.portcullis.application.session.port.in.LogoutOutcome;
import dev.portcullis.application.session.port.in.StartLogout;
import dev.portcullis.application.session.port.out.SessionStore;
import dev.portcullis.application.session.port.out.UpstreamProvider;
import dev.portcullis.application.shared.UriQuery;
import dev.portcullis.domain.grant.AccessTokenClaims;
import dev.portcullis.domain.grant.RegisteredClient;
import java.net.URI;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * RP-initiated logout (both halves in one class: the sealed logout state is written by one and read by
 * the other): the session ends everywhere, the browser visits the upstream's end-session endpoint and
 * comes back to the client's registered destination.
 */
public final class LogoutService implements StartLogout, CompleteLogout {
  private final ClientStore clients;
  private final AccessTokens accessTokens;
  private final UpstreamProvider upstream;
  private final Envelope envelope;
  private final InstantSource clock;
  private final BrokerSettings settings;
  private final SessionEndings endings;

  public LogoutService(ClientStore clients, SessionStore store, AccessTokens accessTokens, Envelope envelope, UpstreamProvider upstream, InstantSource clock,
                       BrokerSettings settings, Auditor auditor) {
    this.clients = clients;
    this.accessTokens = accessTokens;
    this.upstream = upstream;
    this.envelope = envelope;
    this.clock = clock;
    this.settings = settings;
    this.endings = new SessionEndings(store, accessTokens, envelope, upstream, auditor, settings);
  }

  @Override
  public LogoutOutcome logout(String clientId, Optional<String> bffAccessToken, URI postLogoutRedirectUri, Optional<String> state) {
    Instant now = clock.instant();
    Optional<RegisteredClient> client = clients.find(clientId);
    if (client.isEmpty() || !postLogoutAllowed(client.get(), postLogoutRedirectUri)) {
      return new LogoutOutcome.Refused("post_logout_redirect_uri is not registered for this client");
    }
    // id_token_hint: our ID token (OpenID RP-Initiated Logout §2), or — as before ID tokens existed — the session's access token
    Optional<String> sid = bffAccessToken.flatMap(hint -> accessTokens.sessionOfIdToken(hint, clientId)
        .or(() -> accessTokens.current(hint).filter(c -> c.clientId().equals(clientId)).flatMap(AccessTokenClaims::sessionId)));
    sid.ifPresent(id -> endings.end(id, now, Ending.END, "logout"));
    Map<String, String> back = new LinkedHashMap<>();
    state.ifPresent(s -> back.put("state", s));
    URI clientDestination = UriQuery.append(postLogoutRedirectUri, back);
    if (sid.isPresent()) {
      // The browser visits the upstream too, to end the upstream's own sign-in there. It comes back to
      // us with a state that carries the client's destination sealed (no store, tamper-proof, expiring);
      // no upstream token rides along (client_id instead of id_token_hint).
      String sealed = LogoutState.seal(envelope, clientDestination, now.plus(BrokerSettings.PENDING_LOGIN_TTL));
      Optional<URI> upstreamLogout = upstream.endSessionUrl(settings.logoutCallbackUri(), sealed);
      if (upstreamLogout.isPresent()) {
        return new LogoutOutcome.Redirect(upstreamLogout.get());
      }
    }
    return new LogoutOutcome.Redirect(clientDestination);
  }

  @Override
  public LogoutOutcome complete(String state) {
    return LogoutState.open(envelope, state, clock.instant()).<LogoutOutcome>map(LogoutOutcome.Redirect::new)
        .orElseGet(() -> new LogoutOutcome.Refused("the logout state is invalid or has expired"));
  }

  /** A registered post_logout_redirect_uri, or else an exact redirect URI or the origin of one (documented). */
  private static boolean postLogoutAllowed(RegisteredClient client, URI target) {
    String wanted = target.toString();
    return client.metadata().redirectUris().stream().anyMatch(uri -> uri.toString().equals(wanted)
        || (uri.getScheme() + "://" + uri.getRawAuthority() + "/").equals(wanted));
  }
}
