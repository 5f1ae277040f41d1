package dev.portcullis.application.grant.port.in;

import dev.portcullis.domain.grant.ClientMetadata;

/**
 * RFC 7592 §2.2: a client updates itself within what an administrator approved
 * ({@link dev.portcullis.domain.grant.ApprovedRegistration}); an administrator's update becomes the new approval.
 */
public interface UpdateClientRegistration {
  RegistrationOutcome update(String clientId, RegistrationManager manager, ClientMetadata metadata);
}
