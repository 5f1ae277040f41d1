package dev.portcullis.embedded;

import dev.portcullis.application.audit.port.in.QueryAudit;
import dev.portcullis.application.audit.port.in.VerifyAuditChain;
import dev.portcullis.application.secret.port.in.DeleteSecret;
import dev.portcullis.application.secret.port.in.DescribeSecret;
import dev.portcullis.application.secret.port.in.ListSecretVersions;
import dev.portcullis.application.secret.port.in.PurgeSecret;
import dev.portcullis.application.secret.port.in.ReadSecret;
import dev.portcullis.application.secret.port.in.RestoreSecret;
import dev.portcullis.application.secret.port.in.SaveSecret;
import dev.portcullis.application.secret.port.in.SearchSecrets;
import dev.portcullis.application.secret.port.in.UpdateSecretMetadata;

/**
 * The secret vault's use cases, exactly as the service runs them behind {@code /v1/tenants/{tenant}/secrets}:
 * every call names its caller ({@code RequestContext}) and tenant, is authorized by the caller's
 * permissions, sealed with a per-version data key under the root key, and recorded in the tenant's
 * audit hash chain in the same transaction as the change. Each call blocks its thread (see
 * {@link EmbeddedVaults#async}).
 */
public record SecretVault(SaveSecret save, ReadSecret read, DescribeSecret describe, ListSecretVersions versions, SearchSecrets search,
                          UpdateSecretMetadata updateMetadata, DeleteSecret delete, RestoreSecret restore, PurgeSecret purge,
                          QueryAudit audit, VerifyAuditChain verifyAudit) {}
