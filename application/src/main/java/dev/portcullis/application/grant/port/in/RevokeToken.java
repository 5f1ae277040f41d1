package dev.portcullis.application.grant.port.in;

/** RFC 7009 revocation by the client a token was issued to. */
public interface RevokeToken {
  /** Revokes {@code token} if it is one of ours, issued to the caller; unknown or expired tokens are no error (RFC 7009 §2.2). */
  Revocation revoke(ClientCredential caller, String token);

  sealed interface Revocation {
    record Done() implements Revocation {}

    record Rejected(OAuthError error) implements Revocation {}
  }
}
