package dev.portcullis.application.grant.port.in;

/** RFC 7592 §2.1: a client reads its own registration, or an administrator reads any client of its tenant. */
public interface ReadClientRegistration {
  RegistrationOutcome read(String clientId, RegistrationManager manager);
}
