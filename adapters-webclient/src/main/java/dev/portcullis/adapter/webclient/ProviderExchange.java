package dev.portcullis.adapter.webclient;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP a provider is spoken to with, inside this adapter only. Never follows redirects, bounds time
 * and answer size, and never throws for a network failure: that is {@link Failed}. JSON bodies arrive
 * parsed (objects as {@code Map}, arrays as {@code List}, numbers as {@code Number}, JSON null as
 * {@code null} values).
 */
interface ProviderExchange {
  Answer get(URI uri);

  /** A GET with {@code Authorization: Bearer <accessToken>} (RFC 6750 §2.1). */
  Answer getWithBearer(URI uri, String accessToken);

  /** An {@code application/x-www-form-urlencoded} POST; {@code basic} is the value after "Basic ", if any. */
  Answer postForm(URI uri, Map<String, String> form, Optional<String> basic);

  sealed interface Answer {}

  /** The provider answered. {@code json} is empty when the body was not a JSON object. */
  record Answered(int status, Optional<Map<String, Object>> json, String body, Optional<Duration> retryAfter) implements Answer {
    @Override
    public String toString() {
      return "Answered[" + status + "]"; // bodies may hold tokens
    }
  }

  /** No answer: refused, reset, timed out, too large. The reason never holds a body. */
  record Failed(String reason) implements Answer {}
}
