package dev.portcullis.application.session;

import static dev.portcullis.application.fixtures.BrowserSessions.SPA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.fixtures.BrowserSessions;
import dev.portcullis.application.session.port.in.TokenOutcome;
import dev.portcullis.application.session.port.out.SessionStore;
import dev.portcullis.application.session.port.out.UpstreamProvider;
import dev.portcullis.application.testing.Race;
import dev.portcullis.domain.session.RefreshToken;
import dev.portcullis.domain.session.Session;
import dev.portcullis.domain.shared.CredentialHash;
import dev.portcullis.domain.shared.SecretBytes;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Refresh-token rotation (RFC 9700 §4.14.2): one presentation rotates; a retry within the grace window
 * gets the very same answer; anything later is reuse and ends the session; the upstream token is
 * renewed first when due, once, and its failure either ends the session (invalid_grant) or leaves it usable (outage).
 */
class RefreshSessionServiceTest {
  private final BrowserSessions sessions = new BrowserSessions();

  private TokenOutcome refresh(BrowserSessions.Node node, String refreshToken) {
    return node.refresh().refresh(SPA, refreshToken);
  }

  @Test
  void refresh_rotates_and_reuse_after_the_grace_window_revokes_the_whole_session() {
    TokenOutcome.Issued issued = sessions.tokens();
    TokenOutcome.Issued rotated = (TokenOutcome.Issued) sessions.refresh(issued.refreshToken());
    assertThat(rotated.refreshToken()).isNotEqualTo(issued.refreshToken());

    sessions.platform.clock.advance(BrowserSessions.GRACE.plusSeconds(1));
    TokenOutcome reuse = sessions.refresh(issued.refreshToken());

    assertThat(((TokenOutcome.Rejected) reuse).error()).isEqualTo("invalid_grant");
    assertThat(sessions.refresh(rotated.refreshToken())).as("the family is gone").isInstanceOf(TokenOutcome.Rejected.class);
    assertThat(sessions.grants.accessTokens.active(rotated.accessToken())).isEmpty();
  }

  @Test
  void a_refresh_token_presented_by_another_client_is_invalid_grant_and_stays_usable_by_its_own() {
    TokenOutcome.Issued issued = sessions.tokens();

    TokenOutcome stolen = sessions.node.refresh().refresh("another-client", issued.refreshToken());

    assertThat(((TokenOutcome.Rejected) stolen).error()).isEqualTo("invalid_grant");
    assertThat(sessions.refresh(issued.refreshToken())).isInstanceOf(TokenOutcome.Issued.class);
  }

  @Test
  void a_retry_after_a_lost_response_gets_the_identical_pair_with_expires_in_from_its_exp() {
    TokenOutcome.Issued issued = sessions.tokens();
    TokenOutcome.Issued first = (TokenOutcome.Issued) sessions.refresh(issued.refreshToken());

    sessions.platform.clock.advance(Duration.ofSeconds(3));
    TokenOutcome.Issued retry = (TokenOutcome.Issued) sessions.refresh(issued.refreshToken());

    assertThat(retry.accessToken()).as("not a token minted per retry").isEqualTo(first.accessToken());
    assertThat(retry.refreshToken()).isEqualTo(first.refreshToken());
    assertThat(retry.expiresIn()).isEqualTo(first.expiresIn().minusSeconds(3));
    assertThat(retry.scope()).isEqualTo(first.scope());
    assertThat(sessions.refresh(first.refreshToken())).as("the successor works").isInstanceOf(TokenOutcome.Issued.class);
  }

  @Test
  void without_a_grace_window_the_second_use_is_reuse() {
    BrowserSessions.Node strict = sessions.node(sessions.store, Duration.ZERO);
    sessions.node = strict;
    TokenOutcome.Issued issued = sessions.tokens();
    TokenOutcome.Issued first = (TokenOutcome.Issued) refresh(strict, issued.refreshToken());

    assertThat(refresh(strict, issued.refreshToken())).as("at the very same instant").isInstanceOf(TokenOutcome.Rejected.class);
    assertThat(refresh(strict, first.refreshToken())).as("the family is gone").isInstanceOf(TokenOutcome.Rejected.class);
  }

  /**
   * A store that lets another node win the rotation just before this one's: the interleaving of a race,
   * made deterministic. The winner rotates {@code later} after this request started.
   */
  private SessionStore losingTo(BrowserSessions.Node winnerNode, String refreshToken, Duration later, AtomicReference<TokenOutcome> winner) {
    return (SessionStore) Proxy.newProxyInstance(SessionStore.class.getClassLoader(), new Class<?>[] {SessionStore.class}, (proxy, method, arguments) -> {
      if (method.getName().equals("rotateRefresh") && winner.get() == null) {
        sessions.platform.clock.advance(later);
        winner.set(refresh(winnerNode, refreshToken));
      }
      try {
        return method.invoke(sessions.store, arguments);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    });
  }

  @Test
  void without_a_grace_window_a_request_that_started_before_the_rotation_and_lost_the_race_is_reuse() {
    sessions.node = sessions.node(sessions.store, Duration.ZERO);
    TokenOutcome.Issued issued = sessions.tokens();
    AtomicReference<TokenOutcome> winner = new AtomicReference<>();
    BrowserSessions.Node loserNode = sessions.node(losingTo(sessions.node, issued.refreshToken(), Duration.ofMillis(1), winner), Duration.ZERO);

    TokenOutcome loser = refresh(loserNode, issued.refreshToken());

    assertThat(winner.get()).isInstanceOf(TokenOutcome.Issued.class);
    assertThat(loser).as("started before the rotation, observed it after: still a second presentation").isInstanceOfSatisfying(TokenOutcome.Rejected.class,
        r -> assertThat(r.error()).isEqualTo("invalid_grant"));
    assertThat(sessions.grants.accessTokens.active(((TokenOutcome.Issued) winner.get()).accessToken())).as("reuse ends the session").isEmpty();
  }

  @Test
  void within_the_grace_window_a_request_that_lost_the_race_gets_the_winners_refresh_and_access_token() {
    TokenOutcome.Issued issued = sessions.tokens();
    AtomicReference<TokenOutcome> winner = new AtomicReference<>();
    BrowserSessions.Node loserNode = sessions.node(losingTo(sessions.node, issued.refreshToken(), Duration.ofSeconds(2), winner), BrowserSessions.GRACE);

    TokenOutcome.Issued loser = (TokenOutcome.Issued) refresh(loserNode, issued.refreshToken());

    TokenOutcome.Issued won = (TokenOutcome.Issued) winner.get();
    assertThat(loser.refreshToken()).isEqualTo(won.refreshToken());
    assertThat(loser.accessToken()).isEqualTo(won.accessToken());
    assertThat(loser.expiresIn()).isEqualTo(won.expiresIn());
  }

  @Test
  void a_rotation_stored_before_the_answer_was_sealed_whole_still_answers_a_retry_with_its_successor() {
    TokenOutcome.Issued issued = sessions.tokens();
    String sid = sessions.sessionOf(issued.accessToken());
    String successor = "legacy-successor-" + "x".repeat(26); // the older layout sealed the successor alone
    sessions.store.rotateRefresh(CredentialHash.of(issued.refreshToken()), new RefreshToken(CredentialHash.of(successor), sid, SPA,
        sessions.platform.clock.instant().plusSeconds(3_600)), sessions.platform.envelope.seal(SecretBytes.ofUtf8(successor),
        Session.binding(BrowserSessions.SHOP, sid)), Optional.of(sessions.store.findSession(sid).orElseThrow().upstreamObtainedAt()),
        sessions.platform.clock.instant());

    sessions.platform.clock.advance(Duration.ofSeconds(1));
    TokenOutcome.Issued retry = (TokenOutcome.Issued) sessions.refresh(issued.refreshToken());

    assertThat(retry.refreshToken()).isEqualTo(successor);
    assertThat(sessions.grants.accessTokens.active(retry.accessToken())).as("a fresh access token, as before").isPresent();
    assertThat(sessions.refresh(successor)).isInstanceOf(TokenOutcome.Issued.class);
  }

  @Test
  void parallel_refreshes_with_one_token_rotate_once_and_a_near_expiry_upstream_token_is_refreshed_once() throws Exception {
    sessions.upstream.accessTtl = Duration.ofSeconds(30); // shorter than the 60 s refresh-ahead window: due at half its life
    TokenOutcome.Issued issued = sessions.tokens();
    sessions.platform.clock.advance(Duration.ofSeconds(16));
    sessions.upstream.refreshDelay = Duration.ofMillis(200);
    List<TokenOutcome> results = Race.of(12, () -> sessions.refresh(issued.refreshToken()));

    List<String> successors = results.stream().map(r -> ((TokenOutcome.Issued) r).refreshToken()).toList();
    List<String> accessTokens = results.stream().map(r -> ((TokenOutcome.Issued) r).accessToken()).toList();
    assertThat(successors).as("one rotation; the others, within the grace window, get the same successor").containsOnly(successors.get(0));
    assertThat(accessTokens).as("and the same access token").containsOnly(accessTokens.get(0));
    assertThat(sessions.upstream.refreshes).as("exactly one upstream call").hasValue(1);
  }

  @Test
  void a_just_renewed_short_lived_upstream_token_is_not_renewed_again_by_the_next_refresh() {
    sessions.upstream.accessTtl = Duration.ofSeconds(30);
    TokenOutcome.Issued issued = sessions.tokens();
    sessions.platform.clock.advance(Duration.ofSeconds(16));
    TokenOutcome.Issued renewed = (TokenOutcome.Issued) sessions.refresh(issued.refreshToken());
    assertThat(sessions.upstream.refreshes).hasValue(1);

    sessions.refresh(renewed.refreshToken());

    assertThat(sessions.upstream.refreshes).as("the renewal of a moment ago is good for half its life").hasValue(1);
  }

  @Test
  void upstream_invalid_grant_ends_the_session_and_an_upstream_outage_keeps_it_with_retry_after() {
    sessions.upstream.accessTtl = Duration.ofSeconds(30);
    TokenOutcome.Issued issued = sessions.tokens();
    sessions.platform.clock.advance(Duration.ofSeconds(16));

    sessions.upstream.refreshResult = new UpstreamProvider.TokenResult.Unavailable(Duration.ofSeconds(3), "503");
    TokenOutcome outage = sessions.refresh(issued.refreshToken());
    assertThat(outage).isEqualTo(new TokenOutcome.Rejected("temporarily_unavailable", ((TokenOutcome.Rejected) outage).description(),
        Optional.of(Duration.ofSeconds(3))));
    assertThat(sessions.grants.accessTokens.active(issued.accessToken())).as("the session survives").isPresent();

    sessions.upstream.refreshResult = new UpstreamProvider.TokenResult.Rejected("invalid_grant", "gone");
    TokenOutcome gone = sessions.refresh(issued.refreshToken());
    assertThat(((TokenOutcome.Rejected) gone).error()).isEqualTo("invalid_grant");
    assertThat(sessions.grants.accessTokens.active(issued.accessToken())).isEmpty();
  }
}
