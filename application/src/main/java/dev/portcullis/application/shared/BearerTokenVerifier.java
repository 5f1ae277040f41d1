package dev.portcullis.application.shared;

import dev.portcullis.domain.shared.Principal;
import java.util.Optional;

/** A kind of bearer credential other than the admin token (our access tokens, later API keys). */
public interface BearerTokenVerifier {
  Optional<Principal> verify(String token);
}
