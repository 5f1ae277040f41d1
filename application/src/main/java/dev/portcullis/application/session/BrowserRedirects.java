package dev.portcullis.application.session;

import dev.portcullis.application.session.port.in.AuthorizeOutcome;
import dev.portcullis.application.shared.UriQuery;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** RFC 6749 §4.1.2.1: once the redirect URI is known, errors go back to the client there. */
final class BrowserRedirects {
  private BrowserRedirects() {}

  static AuthorizeOutcome error(URI redirectUri, String error, String description, Optional<String> state) {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("error", error);
    parameters.put("error_description", description);
    state.ifPresent(s -> parameters.put("state", s));
    return new AuthorizeOutcome.Redirect(UriQuery.append(redirectUri, parameters));
  }
}
