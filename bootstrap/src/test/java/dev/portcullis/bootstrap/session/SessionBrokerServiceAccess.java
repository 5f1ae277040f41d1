package dev.portcullis.bootstrap.session;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/** Builds the scripted upstream's redirect URLs. */
final class SessionBrokerServiceAccess {
  private SessionBrokerServiceAccess() {}

  static URI withQuery(URI base, Map<String, String> parameters) {
    return URI.create(base + "?" + parameters.entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&")));
  }
}
