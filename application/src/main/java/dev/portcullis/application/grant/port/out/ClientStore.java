package dev.portcullis.application.grant.port.out;

import dev.portcullis.domain.grant.RegisteredClient;
import java.util.Optional;

/** Registered OAuth clients. */
public interface ClientStore {
  void add(RegisteredClient client);

  Optional<RegisteredClient> find(String clientId);

  /** Replaces the client's metadata; false if there is no such client. */
  boolean update(RegisteredClient client);

  boolean delete(String clientId);

  /** A tenant's clients, newest first (then by id), one page of them. */
  dev.portcullis.application.shared.Page<RegisteredClient> list(dev.portcullis.domain.shared.TenantId tenant, int page, int perPage);

  /** Whether some client has a redirect URI on {@code origin} ({@code scheme://host[:port]}): CORS preflights name no client. */
  boolean anyRedirectUriOn(String origin);
}
