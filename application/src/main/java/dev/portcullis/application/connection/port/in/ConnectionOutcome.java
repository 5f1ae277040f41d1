package dev.portcullis.application.connection.port.in;

import java.time.Duration;

/** The result of a provider or connection call; the HTTP adapter maps each case to a status and an error type. */
public sealed interface ConnectionOutcome<T> {
  record Ok<T>(T value) implements ConnectionOutcome<T> {}

  /** This outcome, which is not {@link Ok}, as the outcome of another operation (a failure carries no value). */
  @SuppressWarnings("unchecked")
  default <U> ConnectionOutcome<U> failure() {
    if (this instanceof Ok) {
      throw new IllegalStateException("not a failure");
    }
    return (ConnectionOutcome<U>) this;
  }

  record Denied<T>() implements ConnectionOutcome<T> {}

  record NotFound<T>() implements ConnectionOutcome<T> {}

  /** The request is invalid (400 {@code invalid_request}). */
  record Invalid<T>(String message) implements ConnectionOutcome<T> {}

  /** A name is taken, or the connection is not in a state that allows this (409 with {@code type}). */
  record Conflict<T>(String type, String message) implements ConnectionOutcome<T> {}

  /** The provider said no: an OAuth error it returned, relayed (502 {@code provider_error}). */
  record ProviderRejected<T>(String error, String description) implements ConnectionOutcome<T> {}

  /** The provider answered something that is not a valid OAuth answer (502 {@code provider_invalid_response}); nothing was stored. */
  record ProviderMalformed<T>(String reason) implements ConnectionOutcome<T> {}

  /** The provider cannot be reached or is failing (503 with {@code Retry-After}); nothing stored was changed. */
  record Unavailable<T>(Duration retryAfter, String reason) implements ConnectionOutcome<T> {}
}
