package dev.portcullis.adapter.http.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.domain.shared.SecretBytes;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ConsoleSessionsTest {
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-02T10:00:00Z"));
  private final InstantSource clock = () -> now.get();
  private final ConsoleSessions sessions = new ConsoleSessions(clock);

  private void advance(Duration by) {
    now.updateAndGet(t -> t.plus(by));
  }

  @Test
  void a_session_ends_after_its_idle_time_without_a_request() {
    String id = sessions.open(SecretBytes.ofUtf8("token"), "admin").getKey();
    advance(ConsoleSessions.IDLE.minusSeconds(1));
    assertThat(sessions.find(id)).isPresent();
    advance(ConsoleSessions.IDLE.minusSeconds(1));
    assertThat(sessions.find(id)).as("each request restarts the idle clock").isPresent();
    advance(ConsoleSessions.IDLE);
    assertThat(sessions.find(id)).isEmpty();
    assertThat(sessions.size()).as("an expired session is forgotten").isZero();
  }

  @Test
  void a_session_ends_at_its_absolute_lifetime_however_busy() {
    String id = sessions.open(SecretBytes.ofUtf8("token"), "admin").getKey();
    for (Duration spent = Duration.ZERO; spent.compareTo(ConsoleSessions.ABSOLUTE.minusMinutes(10)) < 0; spent = spent.plusMinutes(10)) {
      advance(Duration.ofMinutes(10));
      assertThat(sessions.find(id)).isPresent();
    }
    advance(Duration.ofMinutes(10));
    assertThat(sessions.find(id)).isEmpty();
  }

  @Test
  void closing_forgets_the_session_and_destroys_the_credential_it_held() {
    SecretBytes credential = SecretBytes.ofUtf8("token");
    Map.Entry<String, ConsoleSessions.Session> opened = sessions.open(credential, "admin");
    sessions.close(opened.getKey());
    assertThat(sessions.find(opened.getKey())).isEmpty();
    assertThat(credential.isDestroyed()).isTrue();
  }

  @Test
  void ids_and_csrf_tokens_are_random_and_distinct_and_an_unknown_or_oversized_id_finds_nothing() {
    Map.Entry<String, ConsoleSessions.Session> a = sessions.open(SecretBytes.ofUtf8("a"), "admin");
    Map.Entry<String, ConsoleSessions.Session> b = sessions.open(SecretBytes.ofUtf8("b"), "admin");
    assertThat(a.getKey()).hasSize(43).isNotEqualTo(b.getKey()).isNotEqualTo(a.getValue().csrf());
    assertThat(a.getValue().csrf()).isNotEqualTo(b.getValue().csrf());
    assertThat(a.getValue().csrfMatches(b.getValue().csrf())).isFalse();
    assertThat(a.getValue().csrfMatches(null)).isFalse();
    assertThat(a.getValue().csrfMatches(a.getValue().csrf())).isTrue();
    assertThat(sessions.find("x".repeat(43))).isEmpty();
    assertThat(sessions.find("x".repeat(5000))).isEmpty();
    assertThat(sessions.find(null)).isEmpty();
  }

  @Test
  void one_principal_holds_at_most_its_share_of_sessions_and_cannot_push_anyone_else_out() {
    String admin = sessions.open(SecretBytes.ofUtf8("admin-token"), "admin").getKey();
    String first = sessions.open(SecretBytes.ofUtf8("key-token-0"), "api-key:k1").getKey();
    String second = sessions.open(SecretBytes.ofUtf8("key-token-1"), "api-key:k1").getKey();
    assertThat(sessions.find(first)).isPresent(); // used: now the key's second session is its least recently used
    for (int i = 2; i < 10_000; i++) {
      sessions.open(SecretBytes.ofUtf8("key-token-" + i), "api-key:k1");
    }
    assertThat(sessions.size()).isEqualTo(ConsoleSessions.MAX_PER_PRINCIPAL + 1);
    assertThat(sessions.find(admin)).as("another principal's session survives a flood of sign-ins").isPresent();
    assertThat(sessions.find(first)).isEmpty();
    assertThat(sessions.find(second)).isEmpty();
  }

  @Test
  void beyond_the_limit_in_all_the_least_recently_used_session_goes() {
    String busy = sessions.open(SecretBytes.ofUtf8("busy"), "admin").getKey();
    String idle = sessions.open(SecretBytes.ofUtf8("idle"), "client:idle").getKey();
    for (int i = 0; i < ConsoleSessions.MAX_SESSIONS; i++) {
      if (i % 1000 == 0) {
        assertThat(sessions.find(busy)).isPresent();
      }
      sessions.open(SecretBytes.ofUtf8("t"), "client:" + i);
    }
    assertThat(sessions.size()).isEqualTo(ConsoleSessions.MAX_SESSIONS);
    assertThat(sessions.find(idle)).isEmpty();
    assertThat(sessions.find(busy)).as("in use, so not the least recently used").isPresent();
  }

  @Test
  void a_pending_sign_in_is_taken_once_only_by_its_browser_and_only_before_it_expires() {
    String binding = sessions.begin("state-1", "verifier-1", "nonce-1");
    assertThat(sessions.take("state-1", "another-browser")).isEmpty();
    assertThat(sessions.take("state-1", null)).isEmpty();
    assertThat(sessions.take("state-1", binding)).as("a stranger's attempts did not spend it")
        .hasValueSatisfying(p -> assertThat(p.verifier()).isEqualTo("verifier-1"));
    assertThat(sessions.take("state-1", binding)).as("single use").isEmpty();

    String late = sessions.begin("state-2", "verifier-2", "nonce-2");
    advance(ConsoleSessions.PENDING_TTL);
    assertThat(sessions.take("state-2", late)).isEmpty();
  }
}
