package dev.portcullis.application.apikey.port.in;

/** The result of an API key management call; the HTTP adapter maps each case to a status. */
public sealed interface ApiKeyOutcome<T> {
  record Ok<T>(T value) implements ApiKeyOutcome<T> {}

  record Denied<T>() implements ApiKeyOutcome<T> {}

  record NotFound<T>() implements ApiKeyOutcome<T> {}

  /** The request is invalid (a field out of range, an expiry in the past, rotating a revoked key). */
  record Invalid<T>(String message) implements ApiKeyOutcome<T> {}
}
