package dev.portcullis.application.shared.port.out;

import java.net.URI;
import java.util.Optional;

/**
 * Where Portcullis may connect when a tenant, a client or a registrant chose the URL (a provider's
 * endpoints, a client's {@code jwks_uri}). The outbound adapter applies the same policy again to every
 * address the host resolves to, at connect time, so DNS rebinding cannot get past it; this method is the
 * early check on the URL alone (scheme, a literal address), for a clear 400 at registration.
 */
public interface EgressPolicy {
  /** Why {@code uri} may not be fetched (without naming anything the caller did not send), or empty. */
  Optional<String> refusal(URI uri);
}
