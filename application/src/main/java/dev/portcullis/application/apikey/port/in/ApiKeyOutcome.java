package dev.portcullis.application.apikey.port.in;

import dev.portcullis.domain.shared.Principal;

/** The result of an API key management call; the HTTP adapter maps each case to a status. */
public sealed interface ApiKeyOutcome<T> {
  record Ok<T>(T value) implements ApiKeyOutcome<T> {}

  record Denied<T>() implements ApiKeyOutcome<T> {}

  record NotFound<T>() implements ApiKeyOutcome<T> {}

  /** The caller may manage keys here but would create, widen or hand out scopes it does not hold itself. */
  record BeyondCaller<T>(Principal.GrantRefusal refusal) implements ApiKeyOutcome<T> {}

  /** The request is invalid (a field out of range, an expiry in the past, rotating a revoked key). */
  record Invalid<T>(String message) implements ApiKeyOutcome<T> {}
}
