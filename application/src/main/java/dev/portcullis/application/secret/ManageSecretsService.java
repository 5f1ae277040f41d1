package dev.portcullis.application.secret;

import dev.portcullis.application.audit.Auditor;
import dev.portcullis.application.secret.port.in.ReadSecret;
import dev.portcullis.application.secret.port.in.DescribeSecret;
import dev.portcullis.application.secret.port.in.ListSecretVersions;
import dev.portcullis.application.secret.port.in.UpdateSecretMetadata;
import dev.portcullis.application.secret.port.in.DeleteSecret;
import dev.portcullis.application.secret.port.in.RestoreSecret;
import dev.portcullis.application.secret.port.in.PurgeSecret;
import dev.portcullis.application.secret.port.in.SearchSecrets;
import dev.portcullis.application.secret.port.in.RevealedSecret;
import dev.portcullis.application.secret.port.in.SecretOutcome;
import dev.portcullis.application.shared.port.out.Envelope;
import dev.portcullis.application.secret.port.out.SecretStore;
import dev.portcullis.application.secret.port.out.SecretStore.SecretQuery;
import dev.portcullis.application.secret.port.out.SecretStore.VersionInfo;
import dev.portcullis.application.shared.Page;
import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.application.shared.port.out.Transactions;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditOutcome;
import dev.portcullis.domain.secret.SecretBinding;
import dev.portcullis.domain.secret.SecretMetadata;
import dev.portcullis.domain.secret.SecretName;
import dev.portcullis.domain.secret.SecretRecord;
import dev.portcullis.domain.shared.Permission;
import dev.portcullis.domain.shared.TenantId;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Supplier;

/** Each method: authorize → store (→ envelope) → audit; mutations run with their audit record in one transaction. */
public final class ManageSecretsService implements ReadSecret, DescribeSecret, ListSecretVersions, UpdateSecretMetadata, DeleteSecret, RestoreSecret, PurgeSecret, SearchSecrets {
  private final SecretStore store;
  private final Envelope envelope;
  private final Transactions transactions;
  private final Auditor auditor;
  private final InstantSource clock;
  private final SecretLimits limits;

  public ManageSecretsService(SecretStore store, Envelope envelope, Transactions transactions, Auditor auditor, InstantSource clock, SecretLimits limits) {
    this.store = store;
    this.envelope = envelope;
    this.transactions = transactions;
    this.auditor = auditor;
    this.clock = clock;
    this.limits = limits;
  }

  @Override
  public SecretOutcome<RevealedSecret> read(RequestContext context, TenantId tenant, SecretName name, OptionalInt version) {
    if (denied(context, Permission.SECRETS_READ, tenant, AuditAction.SECRET_READ, name.value())) {
      return new SecretOutcome.Denied<>();
    }
    Optional<SecretStore.Found> found = store.findVersion(tenant, name, version);
    if (found.isEmpty()) {
      auditor.record(context, tenant, AuditAction.SECRET_READ, name.value() + (version.isPresent() ? "@v" + version.getAsInt() : ""), AuditOutcome.NOT_FOUND);
      return new SecretOutcome.NotFound<>();
    }
    int wanted = found.get().version().version();
    RevealedSecret revealed = new RevealedSecret(found.get().record(), wanted, envelope.open(found.get().version().sealed(), SecretBinding.of(tenant, name, wanted)));
    auditor.record(context, tenant, AuditAction.SECRET_READ, name.value() + "@v" + wanted, AuditOutcome.SUCCESS);
    return new SecretOutcome.Ok<>(revealed);
  }

  @Override
  public SecretOutcome<SecretRecord> describe(RequestContext context, TenantId tenant, SecretName name) {
    if (denied(context, Permission.SECRETS_READ, tenant, AuditAction.SECRET_READ, name.value())) {
      return new SecretOutcome.Denied<>();
    }
    Optional<SecretRecord> record = store.find(tenant, name).filter(r -> !r.isDeleted());
    auditor.record(context, tenant, AuditAction.SECRET_READ, name.value() + " (metadata)", record.isPresent() ? AuditOutcome.SUCCESS : AuditOutcome.NOT_FOUND);
    return record.<SecretOutcome<SecretRecord>>map(SecretOutcome.Ok::new).orElseGet(SecretOutcome.NotFound::new);
  }

  @Override
  public SecretOutcome<List<VersionInfo>> versions(RequestContext context, TenantId tenant, SecretName name) {
    if (denied(context, Permission.SECRETS_READ, tenant, AuditAction.SECRET_READ, name.value())) {
      return new SecretOutcome.Denied<>();
    }
    if (store.find(tenant, name).filter(r -> !r.isDeleted()).isEmpty()) {
      auditor.record(context, tenant, AuditAction.SECRET_READ, name.value() + " (versions)", AuditOutcome.NOT_FOUND);
      return new SecretOutcome.NotFound<>();
    }
    auditor.record(context, tenant, AuditAction.SECRET_READ, name.value() + " (versions)", AuditOutcome.SUCCESS);
    return new SecretOutcome.Ok<>(store.versions(tenant, name));
  }

  @Override
  public SecretOutcome<SecretRecord> updateMetadata(RequestContext context, TenantId tenant, SecretName name, String description,
                                                    Set<String> tags, OptionalInt expectedVersion) {
    if (denied(context, Permission.SECRETS_WRITE, tenant, AuditAction.SECRET_UPDATE, name.value())) {
      return new SecretOutcome.Denied<>();
    }
    try {
      SecretMetadata.empty().with(description, tags); // the rules, before anything is encoded or stored
    } catch (IllegalArgumentException invalid) {
      auditor.record(context, tenant, AuditAction.SECRET_UPDATE, name.value(), AuditOutcome.INVALID);
      throw invalid;
    }
    return transactions.inTransaction(() -> switch (store.updateMetadata(tenant, name, description, tags, expectedVersion, clock.instant())) {
      case SecretStore.Update.Updated updated -> audited(context, tenant, AuditAction.SECRET_UPDATE, name, AuditOutcome.SUCCESS, new SecretOutcome.Ok<>(updated.record()));
      case SecretStore.Update.Conflict conflict -> audited(context, tenant, AuditAction.SECRET_UPDATE, name, AuditOutcome.CONFLICT, new SecretOutcome.VersionConflict<>(conflict.currentVersion()));
      case SecretStore.Update.Missing missing -> audited(context, tenant, AuditAction.SECRET_UPDATE, name, AuditOutcome.NOT_FOUND, new SecretOutcome.NotFound<>());
    });
  }

  @Override
  public SecretOutcome<SecretRecord> delete(RequestContext context, TenantId tenant, SecretName name) {
    return mutate(context, tenant, name, Permission.SECRETS_WRITE, AuditAction.SECRET_DELETE, () -> store.softDelete(tenant, name, clock.instant()));
  }

  @Override
  public SecretOutcome<SecretRecord> restore(RequestContext context, TenantId tenant, SecretName name) {
    return mutate(context, tenant, name, Permission.SECRETS_WRITE, AuditAction.SECRET_RESTORE, () -> {
      boolean restorable = store.find(tenant, name).map(r -> r.restorableAt(clock.instant(), limits.deleteRetention())).orElse(false);
      return restorable ? store.restore(tenant, name, clock.instant()) : Optional.empty();
    });
  }

  @Override
  public SecretOutcome<Void> purge(RequestContext context, TenantId tenant, SecretName name) {
    if (denied(context, Permission.ADMINISTER, tenant, AuditAction.SECRET_PURGE, name.value())) {
      return new SecretOutcome.Denied<>();
    }
    return transactions.inTransaction(() -> store.purge(tenant, name)
        ? audited(context, tenant, AuditAction.SECRET_PURGE, name, AuditOutcome.SUCCESS, new SecretOutcome.Ok<Void>(null))
        : audited(context, tenant, AuditAction.SECRET_PURGE, name, AuditOutcome.NOT_FOUND, new SecretOutcome.NotFound<Void>()));
  }

  @Override
  public SecretOutcome<Page<SecretRecord>> search(RequestContext context, TenantId tenant, SecretQuery query) {
    if (denied(context, Permission.SECRETS_READ, tenant, AuditAction.SECRET_LIST, "")) {
      return new SecretOutcome.Denied<>();
    }
    Page<SecretRecord> page = store.search(tenant, query);
    auditor.record(context, tenant, AuditAction.SECRET_LIST, "", AuditOutcome.SUCCESS);
    return new SecretOutcome.Ok<>(page);
  }

  private SecretOutcome<SecretRecord> mutate(RequestContext context, TenantId tenant, SecretName name, Permission permission, AuditAction action,
                                             Supplier<Optional<SecretRecord>> change) {
    if (denied(context, permission, tenant, action, name.value())) {
      return new SecretOutcome.Denied<>();
    }
    return transactions.inTransaction(() -> change.get()
        .map(r -> audited(context, tenant, action, name, AuditOutcome.SUCCESS, (SecretOutcome<SecretRecord>) new SecretOutcome.Ok<>(r)))
        .orElseGet(() -> audited(context, tenant, action, name, AuditOutcome.NOT_FOUND, new SecretOutcome.NotFound<>())));
  }

  private <T> SecretOutcome<T> audited(RequestContext context, TenantId tenant, AuditAction action, SecretName name, AuditOutcome outcome, SecretOutcome<T> result) {
    auditor.record(context, tenant, action, name.value(), outcome);
    return result;
  }

  private boolean denied(RequestContext context, Permission permission, TenantId tenant, AuditAction action, String target) {
    if (context.principal().may(permission, tenant)) {
      return false;
    }
    auditor.record(context, tenant, action, target, AuditOutcome.DENIED);
    return true;
  }
}
