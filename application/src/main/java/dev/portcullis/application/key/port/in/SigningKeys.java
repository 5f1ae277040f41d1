package dev.portcullis.application.key.port.in;

import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.key.SigningKey;
import java.util.List;
import java.util.Optional;

/** The platform signing keys: the JWKS, signing our own tokens, and rotation. */
public interface SigningKeys {
  /** Public JWKs verifiers need now (JSON objects as text). */
  List<String> jwks();

  /** Signs {@code payloadJson} with the current key; creates the first key on first use. */
  String sign(String typ, String payloadJson);

  /** Creates a key that signs at once if none does (at start-up, so first requests do not race to create one). */
  void ensureSigningKey();

  /** Adds a key that starts signing after the overlap; empty if the caller is not an administrator. */
  Optional<SigningKey> rotate(RequestContext context);

  /** Every key with its schedule; empty if the caller is not an administrator. */
  Optional<List<SigningKey>> list(RequestContext context);
}
