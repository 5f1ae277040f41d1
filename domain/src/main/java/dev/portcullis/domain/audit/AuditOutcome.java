package dev.portcullis.domain.audit;

/** How an attempt ended. {@code DENIED} records attempts the caller was not allowed to make. */
public enum AuditOutcome {
  SUCCESS,
  DENIED,
  NOT_FOUND,
  CONFLICT,
  INVALID,
  /** The operation was attempted and failed at a third party (a provider refused or could not be reached). */
  FAILURE
}
