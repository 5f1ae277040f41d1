package dev.portcullis.application.connection;

import dev.portcullis.application.audit.Auditor;
import dev.portcullis.application.connection.ProviderAccess.Endpoints;
import dev.portcullis.application.connection.port.in.ConnectionOutcome;
import dev.portcullis.application.connection.port.in.IssueConnectionToken;
import dev.portcullis.application.connection.port.in.IssueConnectionToken.AccessToken;
import dev.portcullis.application.connection.port.in.ReadConnectionUserinfo;
import dev.portcullis.application.connection.port.in.RefreshConnectionToken;
import dev.portcullis.application.connection.port.out.ConnectionStore;
import dev.portcullis.application.connection.port.out.ProviderOAuth.UserinfoResult;
import dev.portcullis.application.connection.port.out.ProviderStore;
import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditOutcome;
import dev.portcullis.domain.connection.Provider;
import dev.portcullis.domain.shared.TenantId;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Token first (the token use case: its permission, single flight, refresh-when-due and failure table), then
 * the provider's userinfo endpoint. A 401 there means the provider stopped accepting a token it issued:
 * one forced refresh and one more try — the "retry once on 401" recipe callers are told to follow.
 */
public final class ReadConnectionUserinfoService implements ReadConnectionUserinfo {
  private final IssueConnectionToken tokens;
  private final RefreshConnectionToken refreshes;
  private final ConnectionDirectory directory;
  private final ProviderStore providers;
  private final ProviderAccess oauth;
  private final Auditor auditor;

  public ReadConnectionUserinfoService(IssueConnectionToken tokens, RefreshConnectionToken refreshes, ProviderStore providers, ConnectionStore store,
                                       ProviderAccess oauth, Auditor auditor) {
    this.tokens = tokens;
    this.refreshes = refreshes;
    this.directory = new ConnectionDirectory(providers, store, auditor);
    this.providers = providers;
    this.oauth = oauth;
    this.auditor = auditor;
  }

  @Override
  public ConnectionOutcome<Map<String, Object>> userinfo(RequestContext context, TenantId tenant, String connectionId) {
    ConnectionOutcome<AccessToken> token = tokens.issue(context, tenant, connectionId);
    if (!(token instanceof ConnectionOutcome.Ok<AccessToken> issued)) {
      return token.failure(); // denied, not found, needs_reauth, 503, 502: audited by the token use case
    }
    Optional<Provider> provider = directory.connection(tenant, connectionId).flatMap(c -> providers.find(c.providerId()));
    if (provider.isEmpty()) {
      return new ConnectionOutcome.NotFound<>();
    }
    URI endpoint;
    switch (oauth.endpoints(provider.get())) {
      case Endpoints.Unresolved unresolved -> {
        return ProviderAnswers.unresolved(unresolved);
      }
      case Endpoints.Resolved resolved -> {
        Optional<URI> userinfo = resolved.metadata().endpoints().userinfo();
        if (userinfo.isEmpty()) {
          return new ConnectionOutcome.Conflict<>("userinfo_unsupported", "the provider has no userinfo_endpoint (configure one on the provider)");
        }
        endpoint = userinfo.get();
      }
    }
    UserinfoResult answer = oauth.userinfo(endpoint, issued.value().accessToken());
    if (answer instanceof UserinfoResult.TokenRefused) {
      ConnectionOutcome<AccessToken> fresh = refreshes.refresh(context, tenant, connectionId);
      if (!(fresh instanceof ConnectionOutcome.Ok<AccessToken> renewed)) {
        return fresh.failure();
      }
      answer = oauth.userinfo(endpoint, renewed.value().accessToken());
    }
    ConnectionOutcome<Map<String, Object>> outcome = switch (answer) {
      case UserinfoResult.Claims claims -> new ConnectionOutcome.Ok<>(claims.claims());
      case UserinfoResult.TokenRefused refused ->
          new ConnectionOutcome.ProviderRejected<>("invalid_token", "the provider refused the connection's freshly refreshed access token at its userinfo endpoint");
      case UserinfoResult.Failed failed -> ProviderAnswers.failure(failed.problem());
    };
    auditor.record(context, tenant, AuditAction.CONNECTION_USERINFO, connectionId, outcome instanceof ConnectionOutcome.Ok ? AuditOutcome.SUCCESS : AuditOutcome.FAILURE);
    return outcome;
  }
}
