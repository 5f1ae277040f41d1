package dev.portcullis.application.key.port.in;

import java.util.List;

/** The public halves verifiers need now: the JWKS endpoint and our own token verification read them. */
public interface PublishSigningKeys {
  /** Public JWKs verifiers need now (JSON objects as text). */
  List<String> jwks();
}
