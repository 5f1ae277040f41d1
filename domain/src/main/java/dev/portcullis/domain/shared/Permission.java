package dev.portcullis.domain.shared;

/** What a caller may do. OAuth scopes map onto these ({@code secrets:read}, {@code secrets:write}). */
public enum Permission {
  SECRETS_READ,
  SECRETS_WRITE,
  /** Hard purge, root-key rotation, audit administration. */
  ADMINISTER
}
