package dev.portcullis.application.grant.port.in;

import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.grant.AccessTokenClaims;

/** RFC 7662 introspection of our access tokens. */
public interface IntrospectToken {
  /** For a confidential client: tokens of its own tenant only. Public clients are refused (§2.1). */
  Introspection introspect(ClientCredential caller, String token);

  /** For the administrator (bearer credential): any tenant's tokens. */
  Introspection introspect(RequestContext caller, String token);

  sealed interface Introspection {
    /** The token is ours, current, not revoked and visible to the caller. */
    record Active(AccessTokenClaims claims) implements Introspection {}

    /** Every other token: RFC 7662 §2.2 reveals nothing more than {@code active: false}. */
    record Inactive() implements Introspection {}

    record Rejected(OAuthError error) implements Introspection {}
  }
}
