package dev.portcullis.domain.shared;

/** What a caller may do. OAuth scopes map onto these ({@code secrets:read}, {@code secrets:write}). */
public enum Permission {
  SECRETS_READ,
  SECRETS_WRITE,
  /** List and read API keys of a tenant ({@code api-keys:read}); never their secrets. */
  API_KEYS_READ,
  /** Create, change, rotate and revoke API keys of a tenant ({@code api-keys:write}). */
  API_KEYS_WRITE,
  /** Hard purge, root-key rotation, audit administration. */
  ADMINISTER
}
