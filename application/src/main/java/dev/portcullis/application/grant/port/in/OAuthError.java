package dev.portcullis.application.grant.port.in;

/** An RFC 6749 §5.2 error answer: {@code invalid_client} (401), {@code invalid_scope}, {@code unauthorized_client}, {@code invalid_request} (400). */
public record OAuthError(String error, String description, int status) {
  public static OAuthError invalidClient(String description) {
    return new OAuthError("invalid_client", description, 401);
  }

  public static OAuthError badRequest(String error, String description) {
    return new OAuthError(error, description, 400);
  }
}
