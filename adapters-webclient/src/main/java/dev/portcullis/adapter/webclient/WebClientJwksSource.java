package dev.portcullis.adapter.webclient;

import dev.portcullis.application.grant.port.out.ClientJwksSource;
import java.net.URI;
import java.util.Map;

/**
 * Fetches a client's JWK Set from the {@code jwks_uri} it registered: a URL a registrant chose, so it passes
 * the egress policy like every other supplied URL. Bounded in time and size by {@link Outbound}; any
 * failure is one generic reason (the detail is in the server log).
 */
public final class WebClientJwksSource implements ClientJwksSource {
  public static final int MAX_BYTES = 64 * 1024;
  private final Outbound outbound;

  public WebClientJwksSource(Outbound outbound) {
    this.outbound = outbound;
  }

  @Override
  public String fetch(URI uri) throws Unavailable {
    Outbound.Result result = outbound.send(io.vertx.core.http.HttpMethod.GET, uri, Map.of("Accept", "application/json, application/jwk-set+json"), null,
        Outbound.Trust.SUPPLIED);
    if (result instanceof Outbound.Answered answered && answered.status() == 200 && answered.body().length() <= MAX_BYTES) {
      return answered.body();
    }
    throw new Unavailable("the jwks_uri could not be fetched");
  }
}
