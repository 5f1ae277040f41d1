package dev.portcullis.domain.shared;

import java.util.Objects;

/**
 * Who is calling. The admin token yields {@link Admin}; later contexts add their own callers (an
 * OAuth client with scopes and a tenant, an API key acting for a subject) as further permitted
 * subtypes, and every use case asks the principal what it may do rather than how it authenticated.
 */
public sealed interface Principal {

  /** A stable, loggable identifier of the caller (never a credential). */
  String subject();

  /** Whether the caller may use administrative operations. */
  boolean isAdmin();

  /** Whether the caller may do {@code permission} in {@code tenant}. */
  boolean may(Permission permission, TenantId tenant);

  /**
   * An OAuth client acting for itself (client_credentials), from one of our access tokens: may read
   * or write secrets of its own tenant when its token carries {@code secrets:read} /
   * {@code secrets:write}; never administers.
   */
  record Client(String subject, TenantId tenant, java.util.Set<String> scopes) implements Principal {
    public Client {
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(tenant, "tenant");
      scopes = java.util.Set.copyOf(scopes);
    }

    @Override
    public boolean isAdmin() {
      return false;
    }

    @Override
    public boolean may(Permission permission, TenantId target) {
      return tenant.equals(target) && switch (permission) {
        case SECRETS_READ -> scopes.contains("secrets:read");
        case SECRETS_WRITE -> scopes.contains("secrets:write");
        case API_KEYS_READ -> scopes.contains("api-keys:read") || scopes.contains("api-keys:write");
        case API_KEYS_WRITE -> scopes.contains("api-keys:write");
        case PROVIDERS_WRITE -> scopes.contains("providers:write");
        case CONNECTIONS_READ -> scopes.contains("connections:read") || scopes.contains("connections:write");
        case CONNECTIONS_WRITE -> scopes.contains("connections:write");
        case CONNECTION_TOKENS -> scopes.contains("connections:token");
        case ADMINISTER -> false;
      };
    }
  }

  /** The holder of the bootstrap admin token: allowed everything. */
  record Admin(String subject) implements Principal {
    public Admin {
      Objects.requireNonNull(subject, "subject");
      if (subject.isBlank()) {
        throw new IllegalArgumentException("an admin principal needs a subject");
      }
    }

    @Override
    public boolean isAdmin() {
      return true;
    }

    @Override
    public boolean may(Permission permission, TenantId tenant) {
      return true;
    }
  }
}
