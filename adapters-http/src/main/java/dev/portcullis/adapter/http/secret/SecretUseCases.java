package dev.portcullis.adapter.http.secret;

import dev.portcullis.application.secret.port.in.DeleteSecret;
import dev.portcullis.application.secret.port.in.DescribeSecret;
import dev.portcullis.application.secret.port.in.ListSecretVersions;
import dev.portcullis.application.secret.port.in.PurgeSecret;
import dev.portcullis.application.secret.port.in.ReadSecret;
import dev.portcullis.application.secret.port.in.ResolveSecretId;
import dev.portcullis.application.secret.port.in.RestoreSecret;
import dev.portcullis.application.secret.port.in.SaveSecret;
import dev.portcullis.application.secret.port.in.SearchSecrets;
import dev.portcullis.application.secret.port.in.UpdateSecretMetadata;
import jakarta.inject.Inject;

/** The secret use cases {@code /v1/tenants/{tenant}/secrets} drives, injected together. */
public record SecretUseCases(SaveSecret save, ReadSecret read, DescribeSecret describe, ListSecretVersions versions, UpdateSecretMetadata updateMetadata,
                             DeleteSecret delete, RestoreSecret restore, PurgeSecret purge, SearchSecrets search, ResolveSecretId byId) {
  @Inject
  public SecretUseCases {
  }
}
