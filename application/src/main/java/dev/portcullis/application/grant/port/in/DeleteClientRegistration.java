package dev.portcullis.application.grant.port.in;

/** RFC 7592 §2.3: a client deletes itself, or an administrator deletes any client of its tenant; its tokens die with it. */
public interface DeleteClientRegistration {
  RegistrationOutcome delete(String clientId, RegistrationManager manager);
}
