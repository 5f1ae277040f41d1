package dev.portcullis.application.apikey.port.in;

/** RFC 8693 on the token endpoint: an API key exchanged for a short-lived token for Portcullis's own API. */
public interface ExchangeApiKey {
  MintOutcome exchange(String rawKey);
}
