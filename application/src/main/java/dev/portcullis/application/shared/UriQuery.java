package dev.portcullis.application.shared;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The one query builder: a redirect or request URI with parameters appended (RFC 3986, form-encoded). */
public final class UriQuery {
  private UriQuery() {}

  /** {@code base} with {@code parameters} after its own query (kept); a fragment is dropped (RFC 6749 §3.1.2 forbids one). */
  public static URI append(URI base, Map<String, String> parameters) {
    StringBuilder query = new StringBuilder(base.getRawQuery() == null ? "" : base.getRawQuery());
    parameters.forEach((name, value) -> {
      if (!query.isEmpty()) {
        query.append('&');
      }
      query.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    });
    String text = base.toString();
    int cut = text.indexOf('?') >= 0 ? text.indexOf('?') : (text.indexOf('#') >= 0 ? text.indexOf('#') : text.length());
    return URI.create(text.substring(0, cut) + "?" + query);
  }
}
