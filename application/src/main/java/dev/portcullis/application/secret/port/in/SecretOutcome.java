package dev.portcullis.application.secret.port.in;

/**
 * The expected outcomes of the secret use cases. The HTTP adapter maps them with an exhaustive
 * switch; the audit log records the precise one.
 */
public sealed interface SecretOutcome<T> {
  record Ok<T>(T value) implements SecretOutcome<T> {}

  /** The caller may not do this in this tenant (audited as DENIED). */
  record Denied<T>() implements SecretOutcome<T> {}

  record NotFound<T>() implements SecretOutcome<T> {}

  /** {@code If-Match} named another version than the current one. */
  record VersionConflict<T>(int currentVersion) implements SecretOutcome<T> {}

  /** The secret is soft-deleted: restore it (or purge it) first. */
  record Deleted<T>() implements SecretOutcome<T> {}

  record TooLarge<T>(int maxBytes) implements SecretOutcome<T> {}
}
