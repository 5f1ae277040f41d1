package dev.portcullis.application.session.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.testing.Race;
import dev.portcullis.domain.grant.AccessTokenClaims.IdentityClaims;
import dev.portcullis.domain.shared.SealedValue;
import dev.portcullis.domain.session.AuthorizationCode;
import dev.portcullis.domain.session.PendingLogin;
import dev.portcullis.domain.session.RefreshToken;
import dev.portcullis.domain.session.Session;
import dev.portcullis.domain.shared.TenantId;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** What every {@link SessionStore} must do, including the races that decide single use. Ids are unique per test. */
public interface SessionStoreContract {
  SessionStore store();

  Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  URI REDIRECT = URI.create("https://app.example.com/callback");
  SealedValue SEALED = new SealedValue(new byte[] {1, 2, 3}, new byte[] {4, 5}, "kek-1");

  default byte[] hash() {
    byte[] bytes = new byte[32];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }

  default Session session(String tenant, String subject) {
    return new Session("sid-" + UUID.randomUUID(), new TenantId(tenant), "client-1", subject,
        new IdentityClaims(Optional.of(subject + "@example.com"), Optional.of("Name"), List.of("admins")), Set.of("openid"), SEALED, T0.plusSeconds(300),
        T0, T0, T0.plusSeconds(86_400), Optional.empty());
  }

  default Session stored() {
    Session session = session("t-" + UUID.randomUUID().toString().substring(0, 8), "alice");
    store().createSession(session);
    return session;
  }

  default <T> List<T> race(int threads, Supplier<T> action) throws Exception {
    return Race.of(threads, action);
  }

  @Test
  default void a_pending_login_is_taken_once_and_not_after_it_expired() {
    byte[] state = hash();
    PendingLogin login = new PendingLogin(state, "client-1", REDIRECT, Optional.of("s"), "c".repeat(43), Set.of("openid"), "nonce", "verifier",
        T0.plusSeconds(600), Optional.of("client-nonce"));
    assertThat(store().savePending(login, 1_000_000, T0)).isTrue();

    assertThat(store().takePending(state, T0.plusSeconds(1))).hasValueSatisfying(l -> {
      assertThat(l.nonce()).isEqualTo("nonce");
      assertThat(l.clientNonce()).hasValue("client-nonce");
    });
    assertThat(store().takePending(state, T0.plusSeconds(2))).isEmpty();

    byte[] late = hash();
    store().savePending(new PendingLogin(late, "client-1", REDIRECT, Optional.empty(), "c".repeat(43), Set.of(), "n", "v", T0.plusSeconds(600)), 1_000_000, T0);
    assertThat(store().takePending(late, T0.plusSeconds(600))).isEmpty();
  }

  @Test
  default void a_code_is_claimed_by_exactly_one_of_many_parallel_requests_and_then_reported_as_replayed() throws Exception {
    Session session = stored();
    byte[] code = hash();
    assertThat(store().addCode(new AuthorizationCode(code, session.id(), "client-1", REDIRECT, "c".repeat(43), T0.plusSeconds(60), Optional.of("n-0S6")),
        1_000_000, T0)).isTrue();

    List<SessionStore.CodeClaim> claims = race(16, () -> store().claimCode(code, T0.plusSeconds(1)));
    assertThat(claims).filteredOn(c -> c instanceof SessionStore.CodeClaim.Claimed).singleElement()
        .satisfies(c -> assertThat(((SessionStore.CodeClaim.Claimed) c).code().nonce()).as("the client's OpenID nonce travels with the code").hasValue("n-0S6"));

    assertThat(claims).filteredOn(c -> c instanceof SessionStore.CodeClaim.Claimed).hasSize(1);
    assertThat(claims).filteredOn(c -> c instanceof SessionStore.CodeClaim.Replayed r && r.sessionId().equals(session.id())).hasSize(15);
    assertThat(store().claimCode(hash(), T0)).isInstanceOf(SessionStore.CodeClaim.Unknown.class);
  }

  @Test
  default void an_expired_code_cannot_be_claimed() {
    Session session = stored();
    byte[] code = hash();
    store().addCode(new AuthorizationCode(code, session.id(), "client-1", REDIRECT, "c".repeat(43), T0.plusSeconds(60)), 1_000_000, T0);

    assertThat(store().claimCode(code, T0.plusSeconds(60))).isInstanceOf(SessionStore.CodeClaim.Unknown.class);
  }

  @Test
  default void sessions_are_found_listed_by_subject_updated_and_ended_once() {
    Session alice = stored();
    Session bob = session(alice.tenant().value(), "bob");
    store().createSession(bob);

    assertThat(store().findSession(alice.id())).hasValue(alice);
    assertThat(store().sessions(alice.tenant(), Optional.of("bob"), 10)).extracting(Session::id).containsExactly(bob.id());
    assertThat(store().sessions(alice.tenant(), Optional.empty(), 10)).hasSize(2);

    SealedValue renewed = new SealedValue(new byte[] {9}, new byte[] {8}, "kek-2");
    store().updateUpstream(alice.id(), renewed, T0.plusSeconds(900), T0.plusSeconds(600));
    assertThat(store().findSession(alice.id()).orElseThrow().upstreamTokens()).isEqualTo(renewed);
    assertThat(store().findSession(alice.id()).orElseThrow().upstreamAccessExpiresAt()).isEqualTo(T0.plusSeconds(900));
    assertThat(store().findSession(alice.id()).orElseThrow().upstreamObtainedAt()).isEqualTo(T0.plusSeconds(600));

    assertThat(store().endSession(alice.id(), T0.plusSeconds(5))).isTrue();
    assertThat(store().endSession(alice.id(), T0.plusSeconds(6))).isFalse();
    assertThat(store().findSession(alice.id()).orElseThrow().endedAt()).hasValue(T0.plusSeconds(5));
  }

  @Test
  default void parallel_refreshes_with_one_token_rotate_exactly_once_and_the_rest_see_the_same_successor() throws Exception {
    Session session = stored();
    byte[] first = hash();
    store().addRefresh(new RefreshToken(first, session.id(), "client-1", T0.plusSeconds(86_400)));

    List<SessionStore.Rotation> rotations = race(16, () -> store().rotateRefresh(first, new RefreshToken(hash(), session.id(), "client-1",
        T0.plusSeconds(86_400)), SEALED, Optional.of(session.upstreamObtainedAt()), T0.plusSeconds(10)));

    assertThat(rotations).filteredOn(r -> r instanceof SessionStore.Rotation.Rotated).hasSize(1);
    assertThat(rotations).filteredOn(r -> r instanceof SessionStore.Rotation.AlreadyRotated a && a.rotatedAt().equals(T0.plusSeconds(10))
        && a.sealedSuccessor().equals(SEALED) && a.previous().sessionId().equals(session.id())).hasSize(15);
    assertThat(store().findRefresh(first, T0.plusSeconds(11))).as("a rotated token is no longer current").isEmpty();
  }

  @Test
  default void a_later_presentation_learns_the_winners_rotation_instant_and_gets_its_sealed_answer_byte_for_byte() {
    Session session = stored();
    byte[] first = hash();
    store().addRefresh(new RefreshToken(first, session.id(), "client-1", T0.plusSeconds(86_400)));
    byte[] ciphertext = new byte[4_096]; // a successor sealed with its access token is a few KiB
    ThreadLocalRandom.current().nextBytes(ciphertext);
    SealedValue answer = new SealedValue(ciphertext, new byte[] {7, 7, 7}, "kek-9");

    assertThat(store().rotateRefresh(first, new RefreshToken(hash(), session.id(), "client-1", T0.plusSeconds(86_400)), answer, Optional.of(session.upstreamObtainedAt()), T0.plusSeconds(20)))
        .isInstanceOf(SessionStore.Rotation.Rotated.class);
    SessionStore.Rotation again = store().rotateRefresh(first, new RefreshToken(hash(), session.id(), "client-1", T0.plusSeconds(86_400)), SEALED,
        Optional.of(session.upstreamObtainedAt()), T0.plusSeconds(21));

    assertThat(again).isInstanceOfSatisfying(SessionStore.Rotation.AlreadyRotated.class, a -> {
      assertThat(a.rotatedAt()).isEqualTo(T0.plusSeconds(20));
      assertThat(a.rotation().rotatedAt()).isEqualTo(T0.plusSeconds(20));
      assertThat(a.sealedSuccessor()).as("the winner's, not the later caller's").isEqualTo(answer);
    });
  }

  @Test
  default void the_successor_is_current_and_rotates_in_turn() {
    Session session = stored();
    byte[] first = hash();
    byte[] second = hash();
    store().addRefresh(new RefreshToken(first, session.id(), "client-1", T0.plusSeconds(86_400)));

    store().rotateRefresh(first, new RefreshToken(second, session.id(), "client-1", T0.plusSeconds(86_400)), SEALED, Optional.of(session.upstreamObtainedAt()), T0.plusSeconds(1));

    assertThat(store().findRefresh(second, T0.plusSeconds(2))).hasValueSatisfying(r -> assertThat(r.sessionId()).isEqualTo(session.id()));
    assertThat(store().rotateRefresh(second, new RefreshToken(hash(), session.id(), "client-1", T0.plusSeconds(86_400)), SEALED, Optional.of(session.upstreamObtainedAt()), T0.plusSeconds(3)))
        .isInstanceOf(SessionStore.Rotation.Rotated.class);
  }

  /** What lets a node mint from a session it read earlier: the rotation itself checks the upstream tokens it was minted against. */
  @Test
  default void a_rotation_minted_against_upstream_tokens_renewed_since_rotates_nothing() {
    Session session = stored();
    byte[] first = hash();
    byte[] successor = hash();
    store().addRefresh(new RefreshToken(first, session.id(), "client-1", T0.plusSeconds(86_400)));
    store().updateUpstream(session.id(), SEALED, T0.plusSeconds(900), T0.plusSeconds(600)); // renewed by another node

    assertThat(store().rotateRefresh(first, new RefreshToken(successor, session.id(), "client-1", T0.plusSeconds(86_400)), SEALED,
        Optional.of(session.upstreamObtainedAt()), T0.plusSeconds(700))).isInstanceOf(SessionStore.Rotation.SessionChanged.class);
    assertThat(store().rotateRefresh(first, new RefreshToken(successor, session.id(), "client-1", T0.plusSeconds(86_400)), SEALED,
        Optional.empty(), T0.plusSeconds(700))).as("minted against no session").isInstanceOf(SessionStore.Rotation.SessionChanged.class);
    assertThat(store().findRefresh(first, T0.plusSeconds(701))).as("still current").isPresent();
    assertThat(store().findRefresh(successor, T0.plusSeconds(701))).as("no successor stored").isEmpty();

    assertThat(store().rotateRefresh(first, new RefreshToken(successor, session.id(), "client-1", T0.plusSeconds(86_400)), SEALED,
        Optional.of(T0.plusSeconds(600)), T0.plusSeconds(702))).isInstanceOf(SessionStore.Rotation.Rotated.class);
    assertThat(store().rotateRefresh(first, new RefreshToken(hash(), session.id(), "client-1", T0.plusSeconds(86_400)), SEALED,
        Optional.of(session.upstreamObtainedAt()), T0.plusSeconds(703))).as("a rotated token is reported as such, whatever it was minted against")
        .isInstanceOf(SessionStore.Rotation.AlreadyRotated.class);
  }

  /** Each store keeps instants at its own precision (Postgres µs, Redis ms): the value it answers is the value it compares. */
  @Test
  default void a_rotation_minted_against_what_the_store_answered_rotates_whatever_the_stores_precision() {
    Session given = session("t-" + UUID.randomUUID().toString().substring(0, 8), "alice");
    Session session = new Session(given.id(), given.tenant(), given.clientId(), given.subject(), given.identity(), given.scope(), SEALED,
        T0.plusSeconds(300), T0.plusNanos(123_456_789), T0, T0.plusSeconds(86_400), Optional.empty());
    store().createSession(session);
    byte[] first = hash();
    byte[] second = hash();
    store().addRefresh(new RefreshToken(first, session.id(), "client-1", T0.plusSeconds(86_400)));

    Session read = store().findRefreshWithSession(first, T0.plusSeconds(1)).orElseThrow().session();
    assertThat(store().rotateRefresh(first, new RefreshToken(second, session.id(), "client-1", T0.plusSeconds(86_400)), SEALED,
        Optional.of(read.upstreamObtainedAt()), T0.plusSeconds(1))).isInstanceOf(SessionStore.Rotation.Rotated.class);

    store().updateUpstream(session.id(), SEALED, T0.plusSeconds(900), T0.plusSeconds(2).plusNanos(987_654_321));
    Session renewed = store().findSession(session.id()).orElseThrow();
    assertThat(store().rotateRefresh(second, new RefreshToken(hash(), session.id(), "client-1", T0.plusSeconds(86_400)), SEALED,
        Optional.of(renewed.upstreamObtainedAt()), T0.plusSeconds(3))).isInstanceOf(SessionStore.Rotation.Rotated.class);
  }

  @Test
  default void a_current_refresh_token_is_found_with_its_session_and_a_rotated_or_ended_one_is_not() {
    Session session = stored();
    byte[] first = hash();
    byte[] second = hash();
    store().addRefresh(new RefreshToken(first, session.id(), "client-1", T0.plusSeconds(86_400)));

    assertThat(store().findRefreshWithSession(first, T0.plusSeconds(1))).hasValueSatisfying(found -> {
      assertThat(found.session()).isEqualTo(session);
      assertThat(found.token().sessionId()).isEqualTo(session.id());
      assertThat(found.token().clientId()).isEqualTo("client-1");
      assertThat(found.token().expiresAt()).isEqualTo(T0.plusSeconds(86_400));
    });
    store().rotateRefresh(first, new RefreshToken(second, session.id(), "client-1", T0.plusSeconds(86_400)), SEALED, Optional.of(session.upstreamObtainedAt()), T0.plusSeconds(2));
    assertThat(store().findRefreshWithSession(first, T0.plusSeconds(3))).as("rotated").isEmpty();
    assertThat(store().findRefreshWithSession(second, T0.plusSeconds(86_401))).as("expired").isEmpty();
    store().endSession(session.id(), T0.plusSeconds(4));
    assertThat(store().findRefreshWithSession(second, T0.plusSeconds(5))).as("its session ended").isEmpty();
    assertThat(store().findRefreshWithSession(hash(), T0.plusSeconds(5))).as("unknown").isEmpty();
  }

  @Test
  default void ending_the_session_kills_every_refresh_token_of_its_family() {
    Session session = stored();
    byte[] token = hash();
    store().addRefresh(new RefreshToken(token, session.id(), "client-1", T0.plusSeconds(86_400)));

    store().endSession(session.id(), T0.plusSeconds(1));

    assertThat(store().findRefresh(token, T0.plusSeconds(2))).isEmpty();
    assertThat(store().rotateRefresh(token, new RefreshToken(hash(), session.id(), "client-1", T0.plusSeconds(86_400)), SEALED, Optional.of(session.upstreamObtainedAt()), T0.plusSeconds(2)))
        .isInstanceOf(SessionStore.Rotation.Unknown.class);
  }

  @Test
  default void the_upstream_refresh_lease_has_one_holder_at_a_time() throws Exception {
    Session session = stored();

    List<Boolean> leases = race(8, () -> store().leaseUpstreamRefresh(session.id(), T0.plusSeconds(15), T0));

    assertThat(leases).filteredOn(Boolean::booleanValue).hasSize(1);
    assertThat(store().leaseUpstreamRefresh(session.id(), T0.plusSeconds(30), T0.plusSeconds(16))).as("an expired lease can be taken").isTrue();
    store().releaseUpstreamRefresh(session.id());
    assertThat(store().leaseUpstreamRefresh(session.id(), T0.plusSeconds(30), T0.plusSeconds(17))).isTrue();
  }

  @Test
  default void codes_beyond_the_cap_are_refused() {
    Session session = stored();
    int cap = 3;
    // other tests' codes may be outstanding in a shared store: use a cap relative to what is there
    int accepted = 0;
    for (int i = 0; i < 1_000 && accepted < 10; i++) {
      if (store().addCode(new AuthorizationCode(hash(), session.id(), "client-1", REDIRECT, "c".repeat(43), T0.plusSeconds(3_600)), cap, T0.plusSeconds(1_000))) {
        accepted++;
      } else {
        break;
      }
    }
    assertThat(accepted).isLessThanOrEqualTo(cap);
    assertThat(store().addCode(new AuthorizationCode(hash(), session.id(), "client-1", REDIRECT, "c".repeat(43), T0.plusSeconds(3_600)), cap,
        T0.plusSeconds(1_000))).isFalse();
  }

  @Test
  default void purging_removes_what_expired_and_keeps_what_is_current() {
    Session session = stored();
    byte[] token = hash();
    store().addRefresh(new RefreshToken(token, session.id(), "client-1", T0.plusSeconds(86_400)));

    store().purgeExpired(T0.plusSeconds(3_600));

    assertThat(store().findRefresh(token, T0.plusSeconds(3_601))).isPresent();
    assertThat(store().findSession(session.id())).isPresent();
    store().purgeExpired(T0.plusSeconds(86_401));
    assertThat(store().findSession(session.id())).isEmpty();
  }
}
