package dev.portcullis.bootstrap.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.adapter.crypto.RootKeys;
import dev.portcullis.bootstrap.DevServer;
import dev.portcullis.testsupport.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Tenant binding at rest (issue 12, path 9): somebody with write access to the database moves tenant A's
 * provider row to tenant B. Its sealed client secret is bound to A as well as to the row, so as B's it
 * never opens: B cannot make Portcullis send A's secret anywhere.
 */
class MovedRowAttackIT {
  private static final String ADMIN = "moved-row-attack-it-admin-token-0123456789";
  private static final String SENTINEL = "MOVED-ROW-CLIENT-SECRET-SENTINEL";

  @Test
  void a_provider_row_moved_to_another_tenant_no_longer_opens_and_its_secret_goes_nowhere() throws Exception {
    TestPostgres database = TestPostgres.get().freshDatabase("moved_row");
    String[] env = {"PORTCULLIS_ROOT_KEY", RootKeys.generate().revealUtf8(), "PORTCULLIS_EGRESS_ALLOW", "127.0.0.1", "PORTCULLIS_EGRESS_ALLOW_HTTP", "true"};
    Vertx vertx = Vertx.vertx();
    Pool sql = PgBuilder.pool().connectingTo(database.connectOptions()).using(vertx).build();
    try (DevServer server = DevServer.serveOn(database, ADMIN, env); Listener provider = new Listener()) {
      HttpResponse<String> created = server.send("POST", "/v1/tenants/alpha/providers", ADMIN, new JsonObject().put("name", "p")
          .put("token_endpoint", "http://127.0.0.1:" + provider.port() + "/token").put("client_id", "c").put("client_secret", SENTINEL)
          .put("grant_types", new JsonArray().add("client_credentials")).encode(), "Content-Type", "application/json");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      String id = new JsonObject(created.body()).getString("id");
      HttpResponse<String> honest = server.send("POST", "/v1/tenants/alpha/providers/" + id + "/connections", ADMIN, "{\"grant_type\":\"client_credentials\"}",
          "Content-Type", "application/json");
      assertThat(provider.received()).as("the control: as A's, the secret opens and is sent to A's provider").contains("Authorization: Basic");
      int before = provider.connections();

      sql.preparedQuery("UPDATE connection_providers SET tenant = 'beta' WHERE id = $1").execute(Tuple.of(id)).await();
      HttpResponse<String> stolen = server.send("POST", "/v1/tenants/beta/providers/" + id + "/connections", ADMIN, "{\"grant_type\":\"client_credentials\"}",
          "Content-Type", "application/json");

      assertThat(honest.statusCode()).as(honest.body()).isNotEqualTo(201); // the listener answers 500: no tokens, but the request was made
      assertThat(stolen.statusCode()).as(stolen.body()).isGreaterThanOrEqualTo(500);
      assertThat(stolen.body()).doesNotContain(SENTINEL);
      assertThat(provider.connections()).as("as B's, the secret never left").isEqualTo(before);
    } finally {
      sql.close().await();
      vertx.close().await();
    }
  }
}
