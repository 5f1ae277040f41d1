package dev.portcullis.application.connection.port.in;

import java.net.URI;
import java.util.Optional;

/** The browser is back from the provider ({@code /v1/connect/callback}): complete the connection and say where to send it next. */
public interface CompleteConnectionCallback {
  CallbackOutcome complete(String state, Optional<String> code, Optional<String> error, Optional<String> errorDescription);

  sealed interface CallbackOutcome {
    record Redirect(URI location) implements CallbackOutcome {}

    /** Nobody may be redirected (unknown or expired state): a 400 page. */
    record ErrorPage(String message) implements CallbackOutcome {}
  }
}
