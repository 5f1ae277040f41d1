package dev.portcullis.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.adapter.http.OpenApiRoute;
import dev.portcullis.adapter.http.RouterFactory;
import dev.portcullis.adapter.http.Routes.RegisteredRoute;
import dev.portcullis.bootstrap.config.ConfigLoader;
import dev.portcullis.bootstrap.config.Mode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Holds openapi.json to the routes the running service really registers: every route must be
 * described, and every described operation must exist. Later capabilities extend both together.
 * Every optional feature is configured (the broker's upstream is unreachable, which only degrades it),
 * so its routes are registered too.
 */
class OpenApiCoverageTest {
  private static Portcullis.Running running;
  private static Set<String> registered;
  private static Set<String> described;

  @BeforeAll
  static void start() {
    running = Portcullis.start(ConfigLoader.load(Mode.DEV, Map.of("PORTCULLIS_HTTP_PORT", "0",
        "PORTCULLIS_UPSTREAM_ISSUER", "http://127.0.0.1:9/unreachable", "PORTCULLIS_UPSTREAM_CLIENT_ID", "broker", "PORTCULLIS_UPSTREAM_CLIENT_SECRET", "s",
        "PORTCULLIS_CONSOLE_ADMIN_GROUPS", "admins"), null));
    List<RegisteredRoute> routes = running.injector().getInstance(RouterFactory.class).registeredRoutes(running.injector().getInstance(Vertx.class));
    registered = new TreeSet<>();
    routes.forEach(r -> registered.add(r.method().name() + " " + r.path().replaceAll(":([A-Za-z0-9_]+)", "{$1}")));
    described = new TreeSet<>();
    JsonObject paths = OpenApiRoute.load().getJsonObject("paths");
    paths.fieldNames().forEach(path -> paths.getJsonObject(path).fieldNames().stream()
        .filter(m -> Set.of("get", "put", "post", "delete", "patch", "head", "options").contains(m))
        .forEach(m -> described.add(m.toUpperCase(Locale.ROOT) + " " + path)));
  }

  @AfterAll
  static void stop() {
    running.close();
  }

  @Test
  void every_registered_route_is_described_in_openapi_json() {
    assertThat(described).containsAll(registered);
  }

  @Test
  void every_described_operation_is_a_registered_route() {
    assertThat(registered).containsAll(described);
  }

  /**
   * A route no page mentions is a route nobody can find. Each registered path must appear on some page of
   * {@code docs/} (a path parameter matches whatever the page writes there: {@code {tenant}}, {@code acme}...).
   */
  @Test
  void every_registered_route_is_mentioned_on_a_doc_page() throws java.io.IOException {
    StringBuilder pages = new StringBuilder();
    try (var files = java.nio.file.Files.list(java.nio.file.Path.of("..", "docs"))) {
      for (var page : files.filter(f -> f.toString().endsWith(".md")).toList()) {
        pages.append(java.nio.file.Files.readString(page)).append('\n');
      }
    }
    String docs = pages.toString();
    List<String> unmentioned = registered.stream().map(route -> route.substring(route.indexOf(' ') + 1)).distinct()
        .filter(path -> !java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(path).replaceAll("\\{[A-Za-z0-9_]+\\}", "\\\\E[^/\\\\s`]+\\\\Q")
            + "(?![A-Za-z0-9_/-])").matcher(docs).find())
        .toList();
    assertThat(unmentioned).as("routes that no page under docs/ mentions").isEmpty();
  }

  @Test
  void the_document_declares_openapi_3_1() {
    assertThat(OpenApiRoute.load().getString("openapi")).startsWith("3.1");
  }
}
