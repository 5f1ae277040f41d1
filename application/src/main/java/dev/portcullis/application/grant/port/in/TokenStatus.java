package dev.portcullis.application.grant.port.in;

import dev.portcullis.domain.grant.AccessTokenClaims;

/** Introspection (RFC 7662) and revocation (RFC 7009) of our access tokens, for authenticated clients. */
public interface TokenStatus {
  /** RFC 7662 for a confidential client: tokens of its own tenant only. Public clients are refused (§2.1). */
  Introspection introspect(ClientCredential caller, String token);

  /** RFC 7662 for the administrator (bearer credential): any tenant's tokens. */
  Introspection introspect(dev.portcullis.application.shared.RequestContext caller, String token);

  /** Revokes {@code token} if it is one of ours, issued to the caller; unknown or expired tokens are no error (RFC 7009 §2.2). */
  Revocation revoke(ClientCredential caller, String token);

  sealed interface Introspection {
    /** The token is ours, current, not revoked and visible to the caller. */
    record Active(AccessTokenClaims claims) implements Introspection {}

    /** Every other token: RFC 7662 §2.2 reveals nothing more than {@code active: false}. */
    record Inactive() implements Introspection {}

    record Rejected(OAuthError error) implements Introspection {}
  }

  sealed interface Revocation {
    record Done() implements Revocation {}

    record Rejected(OAuthError error) implements Revocation {}
  }
}
