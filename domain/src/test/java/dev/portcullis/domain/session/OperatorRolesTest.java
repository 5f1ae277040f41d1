package dev.portcullis.domain.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.domain.shared.Principal;
import dev.portcullis.domain.shared.TenantId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OperatorRolesTest {
  private final OperatorRoles roles = OperatorRoles.parse("admins, platform-ops",
      "shop-readers=shop:secrets:read; shop-writers=shop:secrets:write api-keys:read; bank=bank:audit:read");

  @Test
  void a_member_of_an_admin_group_is_the_platform_admin_whatever_else_it_belongs_to() {
    OperatorRoles.Decision decision = roles.decide("alice", List.of("users", "platform-ops", "shop-readers"));
    assertThat(decision).isInstanceOf(OperatorRoles.Decision.Operator.class);
    Principal principal = ((OperatorRoles.Decision.Operator) decision).principal();
    assertThat(principal.isAdmin()).isTrue();
    assertThat(principal.subject()).isEqualTo("operator:alice");
  }

  @Test
  void the_groups_of_one_tenant_add_up_to_the_scopes_of_a_tenant_principal() {
    OperatorRoles.Decision decision = roles.decide("bob", List.of("shop-readers", "shop-writers", "unrelated"));
    Principal.Client principal = (Principal.Client) ((OperatorRoles.Decision.Operator) decision).principal();
    assertThat(principal.tenant()).isEqualTo(new TenantId("shop"));
    assertThat(principal.scopes()).containsExactlyInAnyOrder("secrets:read", "secrets:write", "api-keys:read");
    assertThat(principal.credential()).isEqualTo("operator:bob");
    assertThat(principal.isAdmin()).isFalse();
  }

  @Test
  void no_matching_group_or_groups_of_two_tenants_are_refused() {
    assertThat(roles.decide("carol", List.of("users"))).isInstanceOf(OperatorRoles.Decision.Refused.class);
    assertThat(roles.decide("carol", List.of())).isInstanceOf(OperatorRoles.Decision.Refused.class);
    OperatorRoles.Decision both = roles.decide("dave", List.of("shop-readers", "bank"));
    assertThat(both).isInstanceOf(OperatorRoles.Decision.Refused.class);
    assertThat(((OperatorRoles.Decision.Refused) both).reason()).contains("bank, shop");
  }

  @Test
  void nothing_configured_means_signing_in_through_the_provider_is_off() {
    assertThat(OperatorRoles.parse("", "").enabled()).isFalse();
    assertThat(OperatorRoles.NONE.decide("alice", List.of("admins"))).isInstanceOf(OperatorRoles.Decision.Refused.class);
    assertThat(roles.enabled()).isTrue();
    assertThat(roles.adminGroups()).isEqualTo(Set.of("admins", "platform-ops"));
  }

  @Test
  void malformed_configuration_is_refused_with_what_is_wrong() {
    assertThatThrownBy(() -> OperatorRoles.parse("", "shop-readers=shop")).hasMessageContaining("group=tenant:scope");
    assertThatThrownBy(() -> OperatorRoles.parse("", "=shop:secrets:read")).hasMessageContaining("group=tenant:scope");
    assertThatThrownBy(() -> OperatorRoles.parse("", "g=shop:")).hasMessageContaining("at least one scope");
    assertThatThrownBy(() -> OperatorRoles.parse("", "g=Not A Tenant:secrets:read")).hasMessageContaining("tenant");
    assertThatThrownBy(() -> OperatorRoles.parse("", "g=shop:a; g=shop:b")).hasMessageContaining("twice");
    assertThatThrownBy(() -> OperatorRoles.parse("admins", "admins=shop:a")).hasMessageContaining("both");
  }
}
