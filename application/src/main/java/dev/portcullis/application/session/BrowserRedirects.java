package dev.portcullis.application.session;

import dev.portcullis.application.session.port.in.AuthorizeOutcome;
import dev.portcullis.application.shared.UriQuery;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * RFC 6749 §4.1.2.1: once the redirect URI is known, errors go back to the client there — with
 * {@code iss} (RFC 9207 §2: on error responses too, or a strict client rejects the answer instead of showing the error).
 */
final class BrowserRedirects {
  private BrowserRedirects() {}

  static AuthorizeOutcome error(String issuer, URI redirectUri, String error, String description, Optional<String> state) {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("error", error);
    parameters.put("error_description", description);
    state.ifPresent(s -> parameters.put("state", s));
    parameters.put("iss", issuer);
    return new AuthorizeOutcome.Redirect(UriQuery.append(redirectUri, parameters));
  }
}
