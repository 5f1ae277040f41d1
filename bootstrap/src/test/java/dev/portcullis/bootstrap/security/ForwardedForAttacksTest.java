package dev.portcullis.bootstrap.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.bootstrap.DevServer;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Throttling behind a gateway: only a proxy the operator trusts may name the client in
 * {@code X-Forwarded-For}; anybody else's header is ignored, so it cannot be used to escape the throttle.
 */
class ForwardedForAttacksTest {
  private static final String ADMIN = "forwarded-for-attacks-admin-token-012345678";
  private static final String[] LIMITS = {"PORTCULLIS_AUTH_FAILURES_PER_SOURCE", "3", "PORTCULLIS_AUTH_FAILURES_PER_CREDENTIAL", "1000"};

  private static int guess(DevServer server, String forwardedFor, int i) {
    return server.send("GET", "/v1/auth/verify", null, null, "X-Api-Key", "pcl_" + String.format("%016x", i) + "_" + "0".repeat(64),
        "X-Forwarded-For", forwardedFor).statusCode();
  }

  @Test
  void behind_a_trusted_proxy_each_forwarded_client_is_throttled_on_its_own() {
    String[] env = java.util.Arrays.copyOf(LIMITS, LIMITS.length + 2);
    env[LIMITS.length] = "PORTCULLIS_TRUSTED_PROXIES";
    env[LIMITS.length + 1] = "127.0.0.1";
    try (DevServer server = DevServer.start(ADMIN, env)) {
      for (int i = 0; i < 3; i++) {
        assertThat(guess(server, "203.0.113.5", i)).isEqualTo(401);
      }

      assertThat(guess(server, "203.0.113.5", 99)).isEqualTo(429);
      assertThat(guess(server, "198.51.100.7, 203.0.113.6", 100)).as("another client behind the same gateway").isEqualTo(401);
    }
  }

  @Test
  void without_trusted_proxies_a_forged_forwarded_for_does_not_escape_the_throttle() {
    try (DevServer server = DevServer.start(ADMIN, LIMITS)) {
      for (int i = 0; i < 3; i++) {
        assertThat(guess(server, "203.0.113." + i, i)).isEqualTo(401);
      }

      HttpResponse<String> forged = server.send("GET", "/v1/auth/verify", null, null, "X-Api-Key", "pcl_" + "f".repeat(16) + "_" + "0".repeat(64),
          "X-Forwarded-For", "203.0.113.200");
      assertThat(forged.statusCode()).isEqualTo(429);
    }
  }
}
