package dev.portcullis.application.shared.port.in;

import dev.portcullis.domain.shared.SecretBytes;

/** Turns a bearer credential presented on a request into a principal, or a rejection. */
public interface AuthenticateCaller {
  Authentication authenticate(SecretBytes bearerCredential);
}
