package dev.portcullis.application.grant.port.in;

/**
 * An RFC 6749 §5.2 error answer: {@code invalid_client}, {@code invalid_scope}, {@code unauthorized_client},
 * {@code invalid_request}... The error code alone decides how the adapter answers (RFC 6749 §5.2: 401 for
 * {@code invalid_client}, 400 otherwise); no transport detail lives here.
 */
public record OAuthError(String error, String description) {
  public static OAuthError invalidClient(String description) {
    return new OAuthError("invalid_client", description);
  }

  public static OAuthError badRequest(String error, String description) {
    return new OAuthError(error, description);
  }
}
