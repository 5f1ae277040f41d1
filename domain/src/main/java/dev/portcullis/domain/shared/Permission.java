package dev.portcullis.domain.shared;

/** What a caller may do. OAuth scopes map onto these ({@code secrets:read}, {@code secrets:write}). */
public enum Permission {
  SECRETS_READ,
  SECRETS_WRITE,
  /** List and read API keys of a tenant ({@code api-keys:read}); never their secrets. */
  API_KEYS_READ,
  /** Create, change, rotate and revoke API keys of a tenant ({@code api-keys:write}). */
  API_KEYS_WRITE,
  /** Register, change and delete third-party providers of a tenant ({@code providers:write}). */
  PROVIDERS_WRITE,
  /** List and read providers and connections of a tenant ({@code connections:read}); never their secrets or tokens. */
  CONNECTIONS_READ,
  /** Start, complete and delete connections ({@code connections:write}). */
  CONNECTIONS_WRITE,
  /** Obtain a connection's current access token ({@code connections:token}): the one permission that hands out third-party tokens. */
  CONNECTION_TOKENS,
  /** Hard purge, root-key rotation, audit administration. */
  ADMINISTER
}
