package dev.portcullis.application.secret;

import dev.portcullis.application.audit.Auditor;
import dev.portcullis.application.secret.port.in.ResolveSecretId;
import dev.portcullis.application.secret.port.in.SecretOutcome;
import dev.portcullis.application.secret.port.out.SecretStore;
import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.application.shared.port.out.Transactions;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditOutcome;
import dev.portcullis.domain.secret.SecretName;
import dev.portcullis.domain.shared.Permission;
import dev.portcullis.domain.shared.TenantId;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * id → name, then the by-name use case, in one transaction. Only a caller with some secrets permission
 * in the tenant learns whether an id exists there; everyone else is denied before the lookup.
 */
public final class ResolveSecretIdService implements ResolveSecretId {
  private final SecretStore store;
  private final Transactions transactions;
  private final Auditor auditor;

  public ResolveSecretIdService(SecretStore store, Transactions transactions, Auditor auditor) {
    this.store = store;
    this.transactions = transactions;
    this.auditor = auditor;
  }

  @Override
  public <T> SecretOutcome<T> resolve(RequestContext context, TenantId tenant, String id, AuditAction audited, Function<SecretName, SecretOutcome<T>> action) {
    String canonical = canonical(id);
    var principal = context.principal();
    if (!principal.may(Permission.SECRETS_READ, tenant) && !principal.may(Permission.SECRETS_WRITE, tenant)) {
      auditor.record(context, tenant, audited, "id:" + canonical, AuditOutcome.DENIED);
      return new SecretOutcome.Denied<>();
    }
    return transactions.inTransaction(() -> {
      Optional<SecretName> name = store.nameOf(tenant, canonical);
      if (name.isEmpty()) {
        auditor.record(context, tenant, audited, "id:" + canonical, AuditOutcome.NOT_FOUND);
        return new SecretOutcome.NotFound<>();
      }
      return action.apply(name.get());
    });
  }

  /** Ids are UUIDs; anything else is a 400 before a store is asked. */
  private static String canonical(String id) {
    try {
      if (id == null || id.length() != 36) {
        throw new IllegalArgumentException();
      }
      return UUID.fromString(id).toString();
    } catch (IllegalArgumentException notAUuid) {
      throw new IllegalArgumentException("a secret id is a UUID as returned in the secret's \"id\"");
    }
  }
}
