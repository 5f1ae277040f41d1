package dev.portcullis.application.session.port.in;

import dev.portcullis.domain.shared.Principal;
import java.net.URI;
import java.util.Optional;

/**
 * Completes an operator's sign-in: the upstream code redeemed with the kept PKCE verifier, the ID token
 * verified against the kept nonce, and the operator roles decide what the user may do — a sign-in and a refusal
 * by the roles are audited (a provider's error or outage signs nobody in and is not).
 */
public interface CompleteOperatorSignIn {
  /**
   * @param code the provider's code, or empty when it sent {@code error}
   * @param error the provider's error code, when it refused
   */
  Outcome complete(Optional<String> code, Optional<String> error, String verifier, String nonce, URI redirectUri, String requestId, String clientAddress);

  sealed interface Outcome {
    /** Signed in: the principal the console acts as, and a name to show. */
    record SignedIn(Principal principal, String displayName) implements Outcome {}

    /** The user signed in upstream but may not operate Portcullis. */
    record NotPermitted(String reason) implements Outcome {}

    /** The provider refused, or its answer did not verify. */
    record Failed(String reason) implements Outcome {}

    /** The provider could not be reached: try again. */
    record Unavailable(String reason) implements Outcome {}
  }
}
