package dev.portcullis.domain.audit;

/** What was attempted. Stored by name; add, never rename. */
public enum AuditAction {
  SECRET_READ,
  SECRET_LIST,
  SECRET_WRITE,
  SECRET_UPDATE,
  SECRET_DELETE,
  SECRET_RESTORE,
  SECRET_PURGE,
  ROOT_KEY_ROTATE,
  SIGNING_KEY_ROTATE,
  AUDIT_READ,
  AUDIT_VERIFY,
  API_KEY_CREATE,
  API_KEY_UPDATE,
  API_KEY_ROTATE,
  API_KEY_REVOKE,
  PROVIDER_CREATE,
  PROVIDER_UPDATE,
  PROVIDER_DELETE,
  CONNECTION_CREATE,
  CONNECTION_TOKEN,
  CONNECTION_REFRESH,
  CONNECTION_REAUTH_NEEDED,
  CONNECTION_DELETE,
  CONNECTION_REVOKE,
  /** A client registered (RFC 7591), changed or deleted (RFC 7592). */
  CLIENT_REGISTER,
  CLIENT_UPDATE,
  CLIENT_DELETE,
  /** A client failed to authenticate at the token, introspection or revocation endpoint. */
  CLIENT_AUTHENTICATE,
  /** Access tokens issued to a client: one record per client and interval, the count in its detail. */
  TOKEN_ISSUE,
  /** An access token revoked (RFC 7009). */
  TOKEN_REVOKE,
  /** A BFF session began (login), ended (logout, admin), or a spent refresh token or code came back (reuse). */
  SESSION_LOGIN,
  SESSION_END,
  SESSION_REUSE,
  /** Old records removed from the start of a tenant's chain: the checkpoint names how many and the new anchor. */
  AUDIT_PRUNE,
  /** The connection's userinfo was read at its provider (the claims are not recorded). */
  CONNECTION_USERINFO,
  /** An operator signed in to the admin console through the upstream OpenID provider, or was refused. */
  CONSOLE_SIGNIN;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '.');
  }

  public static AuditAction fromWireName(String wire) {
    for (AuditAction action : values()) {
      if (action.wireName().equals(wire)) {
        return action;
      }
    }
    throw new IllegalArgumentException("unknown audit action '" + wire.replaceAll("[^a-z._]", "?") + "'");
  }
}
