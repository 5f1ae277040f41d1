package dev.portcullis.application.shared;

import dev.portcullis.application.shared.port.in.AuthenticateCaller;
import dev.portcullis.application.shared.port.in.Authentication;
import dev.portcullis.domain.shared.Principal;
import dev.portcullis.domain.shared.SecretBytes;
import java.util.Objects;

/**
 * Authenticates the bootstrap admin token (constant-time comparison). Later contexts plug their own
 * credential kinds (OAuth access tokens, API keys) in front of this one; a use case only ever sees
 * the resulting {@link Principal}.
 */
public final class AuthenticateCallerService implements AuthenticateCaller {
  private final SecretBytes adminToken;
  private final java.util.List<BearerTokenVerifier> verifiers;

  public AuthenticateCallerService(SecretBytes adminToken) {
    this(adminToken, java.util.List.of());
  }

  /** @param verifiers further credential kinds, asked in order when the credential is not the admin token */
  public AuthenticateCallerService(SecretBytes adminToken, java.util.List<BearerTokenVerifier> verifiers) {
    this.adminToken = Objects.requireNonNull(adminToken, "adminToken");
    this.verifiers = java.util.List.copyOf(verifiers);
  }

  @Override
  public Authentication authenticate(SecretBytes bearerCredential) {
    if (adminToken.matches(bearerCredential)) {
      return new Authentication.Authenticated(new Principal.Admin("admin"));
    }
    String token = bearerCredential.revealUtf8();
    for (BearerTokenVerifier verifier : verifiers) {
      java.util.Optional<Principal> principal = verifier.verify(token);
      if (principal.isPresent()) {
        return new Authentication.Authenticated(principal.get());
      }
    }
    return new Authentication.Rejected(Authentication.Reason.UNKNOWN_CREDENTIAL);
  }
}
