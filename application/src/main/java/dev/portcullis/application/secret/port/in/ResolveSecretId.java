package dev.portcullis.application.secret.port.in;

import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.secret.SecretName;
import dev.portcullis.domain.shared.TenantId;
import java.util.function.Function;

/**
 * Addresses a secret by the {@code id} the vault returned for it instead of by its name. The id is
 * resolved to the secret's name and {@code action} — any by-name use case — runs in the same
 * transaction, with the secret held against a purge in between, so the action can only ever reach the
 * secret that carries this id. Authorization, audit and compare-and-set are the action's own.
 */
public interface ResolveSecretId {
  /** @param audited what the by-name action is audited as ({@code secret.read}, {@code secret.purge}…): a refusal before the lookup is recorded the same */
  <T> SecretOutcome<T> resolve(RequestContext context, TenantId tenant, String id, dev.portcullis.domain.audit.AuditAction audited,
                               Function<SecretName, SecretOutcome<T>> action);
}
