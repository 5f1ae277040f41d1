package dev.portcullis.domain.grant;

/** RFC 7591 §3.2.2 error codes for rejected client metadata. */
public enum ClientMetadataError {
  INVALID_CLIENT_METADATA("invalid_client_metadata"),
  INVALID_REDIRECT_URI("invalid_redirect_uri");

  private final String code;

  ClientMetadataError(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  /** Thrown by {@link ClientMetadata} validation; the HTTP adapter answers 400 with the code. */
  public static final class Rejected extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final ClientMetadataError error;

    public Rejected(ClientMetadataError error, String description) {
      super(description);
      this.error = error;
    }

    public ClientMetadataError error() {
      return error;
    }
  }
}
