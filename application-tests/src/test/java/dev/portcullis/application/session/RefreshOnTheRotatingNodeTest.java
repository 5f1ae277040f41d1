package dev.portcullis.application.session;

import static dev.portcullis.application.fixtures.BrowserSessions.SPA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.adapter.memory.RecordedDecisions;
import dev.portcullis.application.fixtures.BrowserSessions;
import dev.portcullis.application.session.port.in.TokenOutcome;
import dev.portcullis.application.session.port.out.SessionStore;
import dev.portcullis.application.shared.port.out.Suspension;
import dev.portcullis.domain.shared.CredentialHash;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A chain's next refresh on the node that handed out its successor is minted from the session that node
 * read for the rotation before (no read from the store), and the store's rotation still decides: another
 * node's renewal, logout or rotation in between is seen, never answered from the node's memory.
 */
class RefreshOnTheRotatingNodeTest {
  private final BrowserSessions sessions = new BrowserSessions();
  private final AtomicInteger reads = new AtomicInteger();
  private final BrowserSessions.Node node = sessions.node(counting(sessions.store), BrowserSessions.GRACE);

  /** The shared store, counting the refresh grant's reads of a token and its session. */
  private SessionStore counting(SessionStore store) {
    return around(store, "findRefreshWithSession", () -> {
      reads.incrementAndGet();
      return Optional.empty();
    });
  }

  /** {@code store}, but a call of {@code method} first asks {@code instead}: its answer replaces the store's, if it gives one. */
  private static SessionStore around(SessionStore store, String method, Supplier<Optional<Object>> instead) {
    return (SessionStore) Proxy.newProxyInstance(SessionStore.class.getClassLoader(), new Class<?>[] {SessionStore.class}, (proxy, called, arguments) -> {
      Optional<Object> answer = called.getName().equals(method) ? instead.get() : Optional.empty();
      if (answer.isPresent()) {
        return answer.get();
      }
      try {
        return called.invoke(store, arguments);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    });
  }

  private TokenOutcome refresh(String refreshToken) {
    return node.refresh().refresh(SPA, refreshToken);
  }

  @Test
  void the_successor_presented_to_the_node_that_handed_it_out_is_rotated_without_reading_the_store() {
    TokenOutcome.Issued first = (TokenOutcome.Issued) refresh(sessions.tokens().refreshToken());
    assertThat(reads).as("the login's token: read from the store").hasValue(1);

    TokenOutcome.Issued second = (TokenOutcome.Issued) refresh(first.refreshToken());
    TokenOutcome.Issued third = (TokenOutcome.Issued) refresh(second.refreshToken());

    assertThat(reads).as("successors this node handed out").hasValue(1);
    assertThat(sessions.grants.accessTokens.active(third.accessToken())).isPresent();
    assertThat(sessions.store.findRefresh(CredentialHash.of(second.refreshToken()), sessions.platform.clock.instant()))
        .as("rotated in the store").isEmpty();
  }

  @Test
  void operators_see_where_each_refresh_took_its_token_and_session_from() {
    RecordedDecisions decisions = new RecordedDecisions();
    RefreshSessionService refresh = new RefreshSessionService(sessions.store, sessions.grants.accessTokens, sessions.platform.envelope, sessions.upstream,
        sessions.platform.random, sessions.platform.clock, BrowserSessions.settings(BrowserSessions.GRACE), Suspension.PLAIN, sessions.platform.auditor,
        decisions);

    TokenOutcome.Issued first = (TokenOutcome.Issued) refresh.refresh(SPA, sessions.tokens().refreshToken());
    refresh.refresh(SPA, first.refreshToken());

    assertThat(decisions.count("refresh-read", "store")).isEqualTo(1);
    assertThat(decisions.count("refresh-read", "memory")).isEqualTo(1);
  }

  @Test
  void upstream_tokens_renewed_by_another_node_since_are_read_again_and_bound_the_access_token() {
    TokenOutcome.Issued first = (TokenOutcome.Issued) refresh(sessions.tokens().refreshToken());
    String sid = sessions.sessionOf(first.accessToken());
    sessions.platform.clock.advance(Duration.ofSeconds(1));
    Instant now = sessions.platform.clock.instant();
    // another node renewed the upstream tokens; the provider now grants 100 s (less than this node remembers)
    sessions.store.updateUpstream(sid, sessions.store.findSession(sid).orElseThrow().upstreamTokens(), now.plusSeconds(100), now);

    TokenOutcome.Issued second = (TokenOutcome.Issued) refresh(first.refreshToken());

    assertThat(second.expiresIn()).as("not the remembered upstream expiry").isLessThanOrEqualTo(Duration.ofSeconds(100));
    assertThat(reads).as("the rotation refused the remembered session; the node read it again").hasValue(2);
    assertThat(sessions.upstream.refreshes).as("the renewal of another node is not repeated").hasValue(0);
  }

  @Test
  void a_session_ended_on_another_node_is_not_refreshed_from_what_this_node_remembers() {
    TokenOutcome.Issued first = (TokenOutcome.Issued) refresh(sessions.tokens().refreshToken());
    sessions.store.endSession(sessions.sessionOf(first.accessToken()), sessions.platform.clock.instant());

    assertThat(refresh(first.refreshToken())).isInstanceOfSatisfying(TokenOutcome.Rejected.class, r -> assertThat(r.error()).isEqualTo("invalid_grant"));
  }

  @Test
  void a_successor_rotated_on_another_node_and_presented_here_after_the_grace_window_is_reuse() {
    TokenOutcome.Issued first = (TokenOutcome.Issued) refresh(sessions.tokens().refreshToken());
    TokenOutcome.Issued elsewhere = (TokenOutcome.Issued) sessions.refresh(first.refreshToken()); // another node of the same store
    sessions.platform.clock.advance(BrowserSessions.GRACE.plusSeconds(1));

    assertThat(refresh(first.refreshToken())).as("stolen and replayed here").isInstanceOfSatisfying(TokenOutcome.Rejected.class,
        r -> assertThat(r.error()).isEqualTo("invalid_grant"));
    assertThat(sessions.refresh(elsewhere.refreshToken())).as("the family is gone").isInstanceOf(TokenOutcome.Rejected.class);
  }

  @Test
  void a_remembered_session_due_for_renewal_renews_upstream_once_and_mints_from_the_renewed_tokens() {
    sessions.upstream.accessTtl = Duration.ofSeconds(30); // due at half its life
    TokenOutcome.Issued first = (TokenOutcome.Issued) refresh(sessions.tokens().refreshToken());
    sessions.platform.clock.advance(Duration.ofSeconds(16));

    TokenOutcome.Issued second = (TokenOutcome.Issued) refresh(first.refreshToken());

    assertThat(sessions.upstream.refreshes).hasValue(1);
    assertThat(second.expiresIn()).as("bounded by the renewed upstream token").isLessThanOrEqualTo(Duration.ofSeconds(30));
    assertThat(reads).as("the renewal reads the session; the token still comes from memory").hasValue(1);
  }

  @Test
  void a_renewal_another_node_made_is_not_repeated_when_this_node_remembers_the_session_due() {
    sessions.upstream.accessTtl = Duration.ofSeconds(30);
    TokenOutcome.Issued first = (TokenOutcome.Issued) refresh(sessions.tokens().refreshToken());
    String sid = sessions.sessionOf(first.accessToken());
    sessions.platform.clock.advance(Duration.ofSeconds(16));
    Instant now = sessions.platform.clock.instant();
    sessions.store.updateUpstream(sid, sessions.store.findSession(sid).orElseThrow().upstreamTokens(), now.plusSeconds(30), now);

    assertThat(refresh(first.refreshToken())).isInstanceOf(TokenOutcome.Issued.class);
    assertThat(sessions.upstream.refreshes).as("what the store holds is fresh: no upstream call").hasValue(0);
  }

  @Test
  void within_the_grace_window_a_successor_another_node_rotated_gets_that_nodes_answer_here() {
    TokenOutcome.Issued first = (TokenOutcome.Issued) refresh(sessions.tokens().refreshToken());
    TokenOutcome.Issued elsewhere = (TokenOutcome.Issued) sessions.refresh(first.refreshToken()); // another node of the same store
    sessions.platform.clock.advance(Duration.ofSeconds(2));

    TokenOutcome.Issued here = (TokenOutcome.Issued) refresh(first.refreshToken());

    assertThat(here.refreshToken()).isEqualTo(elsewhere.refreshToken());
    assertThat(here.accessToken()).isEqualTo(elsewhere.accessToken());
  }

  @Test
  void a_session_that_keeps_changing_under_every_attempt_answers_503_and_leaves_the_token_usable() {
    AtomicInteger rotations = new AtomicInteger();
    SessionStore changing = around(sessions.store, "rotateRefresh", () -> {
      rotations.incrementAndGet();
      return Optional.of(new SessionStore.Rotation.SessionChanged());
    });
    String refreshToken = sessions.tokens().refreshToken();

    TokenOutcome answer = sessions.node(changing, BrowserSessions.GRACE).refresh().refresh(SPA, refreshToken);

    assertThat(answer).isInstanceOfSatisfying(TokenOutcome.Rejected.class, r -> {
      assertThat(r.error()).isEqualTo("temporarily_unavailable");
      assertThat(r.retryAfter()).isPresent();
    });
    assertThat(rotations).as("bounded").hasValue(3);
    assertThat(refresh(refreshToken)).as("nothing was rotated").isInstanceOf(TokenOutcome.Issued.class);
  }

  @Test
  void a_successor_presented_by_another_client_is_refused_and_stays_usable_by_its_own() {
    TokenOutcome.Issued first = (TokenOutcome.Issued) refresh(sessions.tokens().refreshToken());

    assertThat(node.refresh().refresh("another-client", first.refreshToken())).isInstanceOfSatisfying(TokenOutcome.Rejected.class,
        r -> assertThat(r.error()).isEqualTo("invalid_grant"));
    assertThat(refresh(first.refreshToken())).isInstanceOf(TokenOutcome.Issued.class);
  }
}
