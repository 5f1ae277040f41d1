package dev.portcullis.adapter.http;

/**
 * How a route reports errors. REST endpoints use Portcullis's own format; OAuth endpoints (token,
 * introspection, revocation, registration) use the RFC 6749 §5.2 format their clients expect.
 */
public enum ErrorFormat {
  /** {@code {"error":{"type":"snake_case","status":400,"message":"..."}}} */
  REST,
  /** {@code {"error":"invalid_request","error_description":"..."}} (RFC 6749 §5.2) */
  OAUTH
}
