package dev.portcullis.application.session.port.in;

import java.net.URI;
import java.util.Optional;

/** RP-initiated logout: ends the session named by {@code bffAccessToken}; where to send the browser next. */
public interface StartLogout {
  LogoutOutcome logout(String clientId, Optional<String> bffAccessToken, URI postLogoutRedirectUri, Optional<String> state);
}
