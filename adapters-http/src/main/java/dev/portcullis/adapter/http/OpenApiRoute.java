package dev.portcullis.adapter.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /openapi.json}: the OpenAPI 3.1 description of this API, with this deployment's issuer
 * as its server. Every capability extends {@code openapi.json}; a bootstrap test fails when a
 * registered route is missing from it.
 */
public final class OpenApiRoute implements RouteContributor {
  public static final String RESOURCE = "openapi.json";
  private final String document;

  @Inject
  public OpenApiRoute(ServiceInfo info) {
    JsonObject spec = load();
    spec.getJsonObject("info").put("version", info.version());
    spec.put("servers", new JsonArray().add(new JsonObject().put("url", info.issuer())));
    this.document = spec.encodePrettily();
  }

  /** The description as shipped (for tests that compare it with the registered routes). */
  public static JsonObject load() {
    try (InputStream in = OpenApiRoute.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path");
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void register(Routes routes) {
    routes.get("/openapi.json", ctx -> ctx.response().putHeader("Content-Type", "application/json").end(document));
  }
}
