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
 * Two broker nodes on one Postgres and Redis, the real upstream behind them (its access tokens live 4 s),
 * a 30 s refresh grace window, with the session store on Postgres (here) and on Redis
 * ({@link SessionsTwoNodesRedisIT}): parallel refreshes with one refresh token, spread over both nodes,
 * make exactly one rotation and, when the upstream token is due, exactly one upstream token request;
 * every one of them answers with the same refresh token and the same access token.
 */
class SessionsTwoNodesIT {
  private static BrokerNodes nodes;

  @BeforeAll
  static void start(org.junit.jupiter.api.TestInfo test) throws Exception {
    String store = test.getTestClass().orElseThrow().getSimpleName().endsWith("RedisIT") ? "redis" : "postgres";
    nodes = BrokerNodes.start(store, 30, 4);
  }

  @AfterAll
  static void stop() {
    if (nodes != null) {
      nodes.close();
    }
  }

  private static List<JsonObject> allIssued(List<HttpResponse<String>> answers) {
    List<JsonObject> issued = new ArrayList<>();
    for (HttpResponse<String> answer : answers) {
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      issued.add(new JsonObject(answer.body()));
    }
    return issued;
  }

  @Test
  void parallel_refreshes_across_two_nodes_rotate_once_and_renew_upstream_once() throws Exception {
    String refreshToken = nodes.login().getString("refresh_token");
    Thread.sleep(2_100); // half of the 4 s upstream token's life: renewal is due
    int before = nodes.upstreamTokenRequests();

    List<JsonObject> issued = allIssued(nodes.race(12, refreshToken));

    assertThat(issued).extracting(i -> i.getString("refresh_token")).as("one rotation; the rest got the same successor within the grace window")
        .containsOnly(issued.get(0).getString("refresh_token"));
    assertThat(issued).extracting(i -> i.getString("access_token")).as("and the access token issued with it").containsOnly(issued.get(0).getString("access_token"));
    assertThat(nodes.upstreamTokenRequests() - before).as("exactly one upstream refresh for the session, across both nodes").isEqualTo(1);
  }

  @Test
  void within_the_grace_window_one_refresh_token_raced_32_ways_over_two_nodes_answers_one_refresh_token_and_one_access_token() throws Exception {
    String refreshToken = nodes.login().getString("refresh_token");

    List<JsonObject> issued = allIssued(nodes.race(32, refreshToken));

    assertThat(issued).extracting(i -> i.getString("refresh_token")).as("one successor").containsOnly(issued.get(0).getString("refresh_token"));
    assertThat(issued).extracting(i -> i.getString("access_token")).as("one access token, not one minted per retry")
        .containsOnly(issued.get(0).getString("access_token"));
    assertThat(issued).extracting(i -> i.getInteger("expires_in")).as("from that access token's exp").allSatisfy(e -> assertThat(e).isBetween(0, 4));
    HttpResponse<String> next = nodes.refresh(nodes.nodeB(), issued.get(0).getString("refresh_token"));
    assertThat(next.statusCode()).as("the successor is current: %s", next.body()).isEqualTo(200);
  }
}
