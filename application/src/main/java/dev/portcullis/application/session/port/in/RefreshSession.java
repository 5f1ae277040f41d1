package dev.portcullis.application.session.port.in;

/** {@code grant_type=refresh_token} for a browser session: rotation with reuse detection (RFC 9700 §4.14.2). */
public interface RefreshSession {
  TokenOutcome refresh(String clientId, String refreshToken);
}
