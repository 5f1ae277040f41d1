package dev.portcullis.application.grant.port.in;

import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.grant.ClientMetadata;

/**
 * Dynamic client registration (RFC 7591). Registration takes an initial access token (today an
 * administrator's credential, as the authenticated caller).
 */
public interface RegisterClient {
  RegistrationOutcome register(RequestContext caller, ClientMetadata metadata);
}
