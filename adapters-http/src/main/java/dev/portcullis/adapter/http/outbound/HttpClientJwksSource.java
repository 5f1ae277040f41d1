package dev.portcullis.adapter.http.outbound;

import dev.portcullis.application.grant.port.out.ClientJwksSource;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Fetches client JWK Sets with the JDK's HTTP client (blocking is cheap on our virtual threads): no
 * redirects, a connect and a whole-request timeout, and a size cap read from the stream, so a slow
 * or huge {@code jwks_uri} cannot hold a request thread or the heap.
 */
public final class HttpClientJwksSource implements ClientJwksSource {
  public static final int MAX_BYTES = 64 * 1024;
  private final HttpClient client;
  private final Duration timeout;

  public HttpClientJwksSource(Duration timeout) {
    this.timeout = timeout;
    this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  @Override
  public String fetch(URI uri) throws Unavailable {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json, application/jwk-set+json").GET().build();
    try {
      HttpResponse<InputStream> response = Outbound.send(client, request);
      try (InputStream body = response.body()) {
        if (response.statusCode() != 200) {
          throw new Unavailable("HTTP " + response.statusCode());
        }
        byte[] bytes = body.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
          throw new Unavailable("the document is larger than " + MAX_BYTES + " bytes");
        }
        return new String(bytes, StandardCharsets.UTF_8);
      }
    } catch (HttpTimeoutException e) {
      throw new Unavailable("no answer within " + timeout.toMillis() + " ms");
    } catch (IOException e) {
      throw new Unavailable("connection failed");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unavailable("interrupted");
    }
  }
}
