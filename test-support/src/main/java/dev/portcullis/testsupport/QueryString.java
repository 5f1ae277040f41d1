package dev.portcullis.testsupport;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** The query parameters of a URL a browser was sent to (a redirect's {@code Location}), decoded; the last of a repeated name wins. */
public final class QueryString {
  private QueryString() {}

  public static Map<String, String> of(String url) {
    Map<String, String> parameters = new HashMap<>();
    String query = URI.create(url).getRawQuery();
    if (query != null) {
      for (String pair : query.split("&")) {
        String[] parts = pair.split("=", 2);
        parameters.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8), URLDecoder.decode(parts.length > 1 ? parts[1] : "", StandardCharsets.UTF_8));
      }
    }
    return parameters;
  }
}
