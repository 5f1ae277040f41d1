package dev.portcullis.domain.shared;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who is calling. The admin token yields {@link Admin}; later contexts add their own callers (an
 * OAuth client with scopes and a tenant, an API key acting for a subject) as further permitted
 * subtypes, and every use case asks the principal what it may do rather than how it authenticated.
 */
public sealed interface Principal {

  /** A stable, loggable identifier of the caller (never a credential). */
  String subject();

  /**
   * The credential that acts, as the audit log names it: {@code admin}, {@code client:<id>},
   * {@code api-key:<id>}, {@code session:<sid>} — never something its holder chose.
   */
  String credential();

  /** The tenant the caller belongs to: where its denied attempts are recorded. */
  TenantId homeTenant();

  /** Whether the caller may use administrative operations. */
  boolean isAdmin();

  /** Whether the caller may do {@code permission} in {@code tenant}. */
  boolean may(Permission permission, TenantId tenant);

  /**
   * The delegation rule, in one place: a caller may create, widen or hand out a credential carrying
   * {@code scopes} in {@code tenant} only when it holds every one of them itself there. The platform
   * admin holds everything; every other caller is bounded by the scopes of the credential it presented.
   * Returns the refusal (the scopes it lacks), or empty when the grant is within what it holds.
   */
  Optional<GrantRefusal> mayGrant(TenantId tenant, Set<String> scopes);

  /** Why a grant was refused: another tenant, or scopes the caller does not hold (names only, never values). */
  record GrantRefusal(boolean otherTenant, Set<String> lacking) {
    public GrantRefusal {
      lacking = Set.copyOf(new java.util.TreeSet<>(lacking));
    }

    public String describe() {
      return otherTenant ? "the caller belongs to another tenant"
          : "the caller may grant only scopes it holds itself; it lacks " + String.join(" ", new java.util.TreeSet<>(lacking));
    }
  }

  /**
   * An OAuth client acting for itself (client_credentials), from one of our access tokens: may read
   * or write secrets of its own tenant when its token carries {@code secrets:read} /
   * {@code secrets:write}; never administers.
   */
  record Client(String subject, TenantId tenant, Set<String> scopes, String credential) implements Principal {
    public Client {
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(tenant, "tenant");
      scopes = Set.copyOf(scopes);
      Objects.requireNonNull(credential, "credential");
    }

    /** A client acting for itself: its credential is its client id. */
    public Client(String clientId, TenantId tenant, Set<String> scopes) {
      this(clientId, tenant, scopes, "client:" + clientId);
    }

    @Override
    public TenantId homeTenant() {
      return tenant;
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

    @Override
    public Optional<GrantRefusal> mayGrant(TenantId target, Set<String> requested) {
      if (!tenant.equals(target)) {
        return Optional.of(new GrantRefusal(true, Set.of()));
      }
      Set<String> lacking = new java.util.HashSet<>(requested);
      lacking.removeAll(scopes);
      return lacking.isEmpty() ? Optional.empty() : Optional.of(new GrantRefusal(false, lacking));
    }
  }

  /** The holder of the bootstrap admin token: allowed everything. */
  record Admin(String subject) implements Principal {
    /** Platform-wide events are chained under this tenant. */
    public static final TenantId SYSTEM = new TenantId("system");
    /** The subject prefix of a person signed in as the admin through the upstream provider ({@code operator:<sub>}): audited by name. */
    public static final String OPERATOR = "operator:";

    @Override
    public String credential() {
      return "admin";
    }

    @Override
    public TenantId homeTenant() {
      return SYSTEM;
    }

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

    @Override
    public Optional<GrantRefusal> mayGrant(TenantId tenant, Set<String> scopes) {
      return Optional.empty();
    }
  }
}
