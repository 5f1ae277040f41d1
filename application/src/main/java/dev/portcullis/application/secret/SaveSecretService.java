package dev.portcullis.application.secret;

import dev.portcullis.application.audit.Auditor;
import dev.portcullis.application.secret.port.in.SaveSecret;
import dev.portcullis.application.secret.port.in.SecretOutcome;
import dev.portcullis.application.secret.port.in.Written;
import dev.portcullis.application.shared.port.out.Envelope;
import dev.portcullis.application.secret.port.out.SecretStore;
import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.application.shared.port.out.Transactions;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditOutcome;
import dev.portcullis.domain.secret.SecretBinding;
import dev.portcullis.domain.secret.SecretMetadata;
import dev.portcullis.domain.shared.Permission;
import java.time.InstantSource;

/** Authorize → check size and metadata → (store picks the version, envelope seals for it) → audit, in one transaction. */
public final class SaveSecretService implements SaveSecret {
  private final SecretStore store;
  private final Envelope envelope;
  private final Transactions transactions;
  private final Auditor auditor;
  private final InstantSource clock;
  private final SecretLimits limits;

  public SaveSecretService(SecretStore store, Envelope envelope, Transactions transactions, Auditor auditor, InstantSource clock, SecretLimits limits) {
    this.store = store;
    this.envelope = envelope;
    this.transactions = transactions;
    this.auditor = auditor;
    this.clock = clock;
    this.limits = limits;
  }

  @Override
  public SecretOutcome<Written> save(RequestContext context, Save command) {
    String target = command.name().value();
    if (!context.principal().may(Permission.SECRETS_WRITE, command.tenant())) {
      auditor.record(context, command.tenant(), AuditAction.SECRET_WRITE, target, AuditOutcome.DENIED);
      return new SecretOutcome.Denied<>();
    }
    if (command.value().length() > limits.maxValueBytes()) {
      auditor.record(context, command.tenant(), AuditAction.SECRET_WRITE, target, AuditOutcome.INVALID);
      return new SecretOutcome.TooLarge<>(limits.maxValueBytes());
    }
    String createdBy = command.createdBy() == null || command.createdBy().isBlank() ? context.principal().subject() : command.createdBy();
    try {
      new SecretMetadata(command.description(), command.tags(), createdBy); // the rules, before anything is encoded or stored
    } catch (IllegalArgumentException invalid) {
      auditor.record(context, command.tenant(), AuditAction.SECRET_WRITE, target, AuditOutcome.INVALID);
      throw invalid;
    }
    return transactions.inTransaction(() -> {
      SecretStore.Write result = store.write(command.tenant(), command.name(),
          new SecretStore.NewVersion(command.description(), command.tags(), createdBy), command.expectedVersion(), clock.instant(),
          version -> envelope.seal(command.value(), SecretBinding.of(command.tenant(), command.name(), version)));
      return switch (result) {
        case SecretStore.Write.Written written -> {
          auditor.record(context, command.tenant(), AuditAction.SECRET_WRITE, target + "@v" + written.record().currentVersion(), AuditOutcome.SUCCESS);
          yield new SecretOutcome.Ok<>(new Written(written.record(), written.created()));
        }
        case SecretStore.Write.Conflict conflict -> {
          auditor.record(context, command.tenant(), AuditAction.SECRET_WRITE, target, AuditOutcome.CONFLICT);
          yield new SecretOutcome.VersionConflict<>(conflict.currentVersion());
        }
        case SecretStore.Write.Deleted deleted -> {
          auditor.record(context, command.tenant(), AuditAction.SECRET_WRITE, target, AuditOutcome.CONFLICT);
          yield new SecretOutcome.Deleted<>();
        }
        case SecretStore.Write.Missing missing -> {
          auditor.record(context, command.tenant(), AuditAction.SECRET_WRITE, target, AuditOutcome.NOT_FOUND);
          yield new SecretOutcome.NotFound<>();
        }
      };
    });
  }
}
