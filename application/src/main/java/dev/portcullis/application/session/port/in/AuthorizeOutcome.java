package dev.portcullis.application.session.port.in;

import java.net.URI;

/** Where a browser goes next during a login: the upstream, the client (with a code or an error), or nowhere. */
public sealed interface AuthorizeOutcome {
  /** Send the browser to {@code location} (the upstream, or the client with a code or an error). */
  record Redirect(URI location) implements AuthorizeOutcome {}

  /** Nothing may be redirected to (unknown client, bad redirect_uri, unknown state): a 400 page. */
  record ErrorPage(String error, String description) implements AuthorizeOutcome {}
}
