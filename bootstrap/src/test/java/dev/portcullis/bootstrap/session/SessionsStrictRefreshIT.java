package dev.portcullis.bootstrap.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Strict single use ({@code PORTCULLIS_SESSION_REFRESH_GRACE_SECONDS=0}) over two nodes, with the session
 * store on Postgres (here) and on Redis ({@link SessionsStrictRefreshRedisIT}): one refresh token raced
 * 64 ways succeeds exactly once; every other presentation is reuse and ends the session. The race is
 * run in several rounds (a fresh session each) because who interleaves with whom is up to the scheduler;
 * every other round races a successor that node A handed out, so node A takes its session from memory
 * while node B reads it from the store.
 */
class SessionsStrictRefreshIT {
  private static final int ROUNDS = 5;
  private static final int WAYS = 64;
  private static BrokerNodes nodes;

  @BeforeAll
  static void start(org.junit.jupiter.api.TestInfo test) throws Exception {
    String store = test.getTestClass().orElseThrow().getSimpleName().endsWith("RedisIT") ? "redis" : "postgres";
    nodes = BrokerNodes.start(store, 0, 300);
  }

  @AfterAll
  static void stop() {
    if (nodes != null) {
      nodes.close();
    }
  }

  @Test
  void without_a_grace_window_one_refresh_token_raced_64_ways_over_two_nodes_succeeds_exactly_once() throws Exception {
    List<Long> successesPerRound = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      String refreshToken = nodes.login().getString("refresh_token");
      if (round % 2 == 1) { // a successor node A handed out: node A remembers its session, node B reads it from the store
        HttpResponse<String> first = nodes.refresh(nodes.nodeA(), refreshToken);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        refreshToken = new JsonObject(first.body()).getString("refresh_token");
      }

      List<HttpResponse<String>> answers = nodes.race(WAYS, refreshToken);

      List<JsonObject> successes = answers.stream().filter(a -> a.statusCode() == 200).map(a -> new JsonObject(a.body())).toList();
      successesPerRound.add((long) successes.size());
      notes.add(successes.size() + " × 200 (" + successes.stream().map(s -> s.getString("refresh_token")).distinct().count() + " distinct refresh tokens, "
          + successes.stream().map(s -> s.getString("access_token")).distinct().count() + " distinct access tokens)");
      assertThat(answers).filteredOn(a -> a.statusCode() != 200).allSatisfy(a -> {
        assertThat(a.statusCode()).as(a.body()).isEqualTo(400);
        assertThat(new JsonObject(a.body()).getString("error")).isEqualTo("invalid_grant");
      });
      for (JsonObject success : successes) {
        assertThat(nodes.refresh(nodes.nodeB(), success.getString("refresh_token")).statusCode())
            .as("a second presentation is reuse: the whole family is gone").isEqualTo(400);
      }
    }
    assertThat(successesPerRound).as("exactly one 200 of %d in every round: %s", WAYS, notes).containsOnly(1L);
  }
}
