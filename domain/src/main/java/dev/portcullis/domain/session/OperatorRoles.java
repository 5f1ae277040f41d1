package dev.portcullis.domain.session;

import dev.portcullis.domain.shared.Principal;
import dev.portcullis.domain.shared.TenantId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who may operate Portcullis after signing in through the upstream OpenID provider, decided from the
 * {@code groups} of the user's ID token: a member of an admin group is the platform admin (subject
 * {@code operator:<sub>}, so the audit log names the person); a member of a
 * tenant group holds that group's scopes in that tenant (the scopes of several groups of one tenant add
 * up); anyone else, or a member of groups of different tenants (one sign-in acts in one tenant), may not.
 *
 * @param adminGroups groups whose members hold the platform admin role
 * @param tenantGroups group name to the tenant and scopes its members hold
 */
public record OperatorRoles(Set<String> adminGroups, Map<String, TenantGrant> tenantGroups) {
  public static final OperatorRoles NONE = new OperatorRoles(Set.of(), Map.of());

  public OperatorRoles {
    adminGroups = Set.copyOf(adminGroups);
    tenantGroups = Map.copyOf(tenantGroups);
  }

  /** What the members of a tenant group hold. */
  public record TenantGrant(TenantId tenant, Set<String> scopes) {
    public TenantGrant {
      scopes = Set.copyOf(scopes);
      if (scopes.isEmpty()) {
        throw new IllegalArgumentException("a tenant group needs at least one scope");
      }
    }
  }

  /** Whether any group may operate: without one, signing in through the upstream is off. */
  public boolean enabled() {
    return !adminGroups.isEmpty() || !tenantGroups.isEmpty();
  }

  /** The decision for an upstream user. */
  public sealed interface Decision {
    record Operator(Principal principal) implements Decision {}

    /** Why not, in words safe to show the user and to audit (group names, never claims' values beyond them). */
    record Refused(String reason) implements Decision {}
  }

  /** The principal {@code subject} (the upstream's {@code sub}) acts as, given its {@code groups}. */
  public Decision decide(String subject, List<String> groups) {
    if (groups.stream().anyMatch(adminGroups::contains)) {
      return new Decision.Operator(new Principal.Admin(Principal.Admin.OPERATOR + subject));
    }
    Map<TenantId, Set<String>> held = new LinkedHashMap<>();
    groups.stream().map(tenantGroups::get).filter(java.util.Objects::nonNull)
        .forEach(grant -> held.computeIfAbsent(grant.tenant(), t -> new TreeSet<>()).addAll(grant.scopes()));
    if (held.isEmpty()) {
      return new Decision.Refused("the account is in no group that may operate Portcullis");
    }
    if (held.size() > 1) {
      return new Decision.Refused("the account is in groups of several tenants (" + String.join(", ", held.keySet().stream().map(TenantId::value).sorted().toList())
          + "); one sign-in acts in one tenant");
    }
    Map.Entry<TenantId, Set<String>> only = held.entrySet().iterator().next();
    return new Decision.Operator(new Principal.Client(subject, only.getKey(), only.getValue(), Principal.Admin.OPERATOR + subject));
  }

  /**
   * Parses the configuration: {@code admins} as a comma- or space-separated list of groups, {@code tenants}
   * as {@code group=tenant:scope scope,...; group=tenant:scope...}.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static OperatorRoles parse(String admins, String tenants) {
    Set<String> adminGroups = new TreeSet<>();
    for (String group : admins.split("[\\s,]+")) {
      if (!group.isEmpty()) {
        adminGroups.add(group);
      }
    }
    Map<String, TenantGrant> grants = new LinkedHashMap<>();
    for (String entry : tenants.split(";")) {
      String trimmed = entry.strip();
      if (trimmed.isEmpty()) {
        continue;
      }
      int equals = trimmed.indexOf('=');
      int colon = trimmed.indexOf(':', Math.max(equals, 0));
      if (equals <= 0 || colon <= equals + 1) {
        throw new IllegalArgumentException("'" + trimmed + "' is not group=tenant:scope scope...");
      }
      String group = trimmed.substring(0, equals).strip();
      TenantId tenant = new TenantId(trimmed.substring(equals + 1, colon).strip());
      Set<String> scopes = new TreeSet<>();
      for (String scope : trimmed.substring(colon + 1).split("[\\s,]+")) {
        if (!scope.isEmpty()) {
          scopes.add(scope);
        }
      }
      if (grants.put(group, new TenantGrant(tenant, scopes)) != null) {
        throw new IllegalArgumentException("group '" + group + "' is listed twice");
      }
      if (adminGroups.contains(group)) {
        throw new IllegalArgumentException("group '" + group + "' is both an admin group and a tenant group");
      }
    }
    return new OperatorRoles(adminGroups, grants);
  }
}
