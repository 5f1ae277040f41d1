package dev.portcullis.domain.grant;

/** RFC 7591 §2 {@code token_endpoint_auth_method} values Portcullis supports. */
public enum TokenEndpointAuthMethod {
  PRIVATE_KEY_JWT("private_key_jwt"),
  CLIENT_SECRET_BASIC("client_secret_basic"),
  CLIENT_SECRET_POST("client_secret_post"),
  NONE("none");

  private final String wireName;

  TokenEndpointAuthMethod(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public boolean usesSecret() {
    return this == CLIENT_SECRET_BASIC || this == CLIENT_SECRET_POST;
  }

  public static TokenEndpointAuthMethod fromWireName(String value) {
    for (TokenEndpointAuthMethod method : values()) {
      if (method.wireName.equals(value)) {
        return method;
      }
    }
    throw new ClientMetadataError.Rejected(ClientMetadataError.INVALID_CLIENT_METADATA,
        "token_endpoint_auth_method must be one of private_key_jwt, client_secret_basic, client_secret_post, none");
  }
}
