package dev.portcullis.application.session.port.in;

/** The browser is back from the upstream's end-session endpoint: where the client wanted it to land. */
public interface CompleteLogout {
  LogoutOutcome complete(String state);
}
