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

  public AuthenticateCallerService(SecretBytes adminToken) {
    this.adminToken = Objects.requireNonNull(adminToken, "adminToken");
  }

  @Override
  public Authentication authenticate(SecretBytes bearerCredential) {
    if (adminToken.matches(bearerCredential)) {
      return new Authentication.Authenticated(new Principal.Admin("admin"));
    }
    return new Authentication.Rejected(Authentication.Reason.UNKNOWN_CREDENTIAL);
  }
}
