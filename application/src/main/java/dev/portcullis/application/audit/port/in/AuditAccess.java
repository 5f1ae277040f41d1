package dev.portcullis.application.audit.port.in;

/** Outcome of reading the audit log: the result, or the caller may not read this tenant's log. */
public sealed interface AuditAccess<T> {
  record Granted<T>(T value) implements AuditAccess<T> {}

  record Denied<T>() implements AuditAccess<T> {}
}
