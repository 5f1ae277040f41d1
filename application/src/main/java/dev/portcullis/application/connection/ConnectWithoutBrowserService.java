package dev.portcullis.application.connection;

import dev.portcullis.application.audit.Auditor;
import dev.portcullis.application.connection.ProviderAccess.Endpoints;
import dev.portcullis.application.connection.port.in.ConnectWithoutBrowser;
import dev.portcullis.application.connection.port.in.ConnectionOutcome;
import dev.portcullis.application.connection.port.out.ConnectionStore;
import dev.portcullis.application.connection.port.out.ProviderOAuth.DeviceStart;
import dev.portcullis.application.connection.port.out.ProviderOAuth.TokenResult;
import dev.portcullis.application.connection.port.out.ProviderStore;
import dev.portcullis.application.shared.SealedFields;
import dev.portcullis.application.shared.port.out.Envelope;
import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.application.shared.port.out.TokenGenerator;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditOutcome;
import dev.portcullis.domain.connection.Connection;
import dev.portcullis.domain.connection.Connection.DevicePoll;
import dev.portcullis.domain.connection.Connection.Status;
import dev.portcullis.domain.connection.Provider;
import dev.portcullis.domain.connection.ProviderEndpoints;
import dev.portcullis.domain.shared.Permission;
import dev.portcullis.domain.shared.TenantId;
import dev.portcullis.domain.shared.UnicodeText;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Connections by a grant without a browser: client_credentials, password (sent once, never stored), an
 * extension grant with its parameters, or RFC 8628 device authorization (a pending connection that the
 * background poll completes).
 */
public final class ConnectWithoutBrowserService implements ConnectWithoutBrowser {
  /** Parameters a caller may not set: Portcullis sets them, or they would smuggle another grant in. */
  private static final Set<String> RESERVED = Set.of("grant_type", "client_id", "client_secret", "client_assertion", "client_assertion_type", "code",
      "redirect_uri", "code_verifier", "refresh_token", "device_code", "password", "username");
  private final ConnectionDirectory directory;
  private final ConnectionStore store;
  private final ProviderAccess oauth;
  private final Envelope envelope;
  private final TokenGenerator random;
  private final Auditor auditor;
  private final InstantSource clock;

  public ConnectWithoutBrowserService(ProviderStore providers, ConnectionStore store, ProviderAccess oauth, Envelope envelope, TokenGenerator random,
                                      Auditor auditor, InstantSource clock) {
    this.directory = new ConnectionDirectory(providers, store, auditor);
    this.store = store;
    this.oauth = oauth;
    this.envelope = envelope;
    this.random = random;
    this.auditor = auditor;
    this.clock = clock;
  }

  @Override
  public ConnectionOutcome<Connected> connect(RequestContext context, TenantId tenant, String providerId, ConnectRequest request) {
    ConnectionOutcome<Provider> found = directory.providerToConnect(context, tenant, providerId);
    if (!(found instanceof ConnectionOutcome.Ok<Provider> ok)) {
      return found.failure();
    }
    Provider provider = ok.value();
    String grantType = request.grantType();
    if (grantType.equals("authorization_code") || grantType.equals("refresh_token")) {
      return new ConnectionOutcome.Invalid<>(grantType + " connections start at POST .../providers/{provider}/authorize");
    }
    Optional<String> problem = ProviderAnswers.grantProblem(provider, grantType, request.scopes());
    if (problem.isPresent()) {
      return new ConnectionOutcome.Invalid<>(problem.get());
    }
    Optional<String> reserved = request.parameters().keySet().stream().filter(RESERVED::contains).findFirst();
    if (reserved.isPresent() || request.parameters().size() > 20) {
      return new ConnectionOutcome.Invalid<>(reserved.map(r -> "parameters may not set " + r).orElse("at most 20 parameters"));
    }
    ProviderEndpoints endpoints;
    switch (oauth.endpoints(provider)) {
      case Endpoints.Unresolved unresolved -> {
        return ProviderAnswers.unresolved(unresolved);
      }
      case Endpoints.Resolved resolved -> endpoints = resolved.metadata().endpoints();
    }
    List<String> scopes = request.scopes().orElse(provider.scopes());
    Instant now = clock.instant();
    if (grantType.equals(Provider.DEVICE_CODE)) {
      return startDevice(context, tenant, provider, endpoints, scopes, now);
    }
    Map<String, String> grant = new LinkedHashMap<>();
    grant.put("grant_type", grantType);
    if (grantType.equals("password")) {
      if (request.username().isEmpty() || request.password().isEmpty()) {
        return new ConnectionOutcome.Invalid<>("the password grant needs username and password");
      }
      grant.put("username", request.username().get());
      grant.put("password", request.password().get().revealUtf8()); // sent once, never stored
    }
    if (!scopes.isEmpty()) {
      grant.put("scope", String.join(" ", scopes));
    }
    grant.putAll(request.parameters());
    TokenResult result = oauth.token(provider, endpoints, grant);
    if (!(result instanceof TokenResult.Tokens tokens)) {
      return ProviderAnswers.failure(result);
    }
    Connection connection = ConnectionTokens.newConnection(envelope, "con_" + random.randomToken(12), tenant, provider, grantType, tokens,
        ProviderAnswers.granted(tokens, Set.copyOf(scopes)), Optional.empty(), now);
    store.add(connection);
    auditor.record(context, tenant, AuditAction.CONNECTION_CREATE, connection.id(), AuditOutcome.SUCCESS);
    return new ConnectionOutcome.Ok<>(new Connected(connection, Optional.empty()));
  }

  /** RFC 8628 §3.1–3.2: a pending connection holding the sealed device code, polled by {@link PollDeviceAuthorizationsService}. */
  private ConnectionOutcome<Connected> startDevice(RequestContext context, TenantId tenant, Provider provider, ProviderEndpoints endpoints,
                                                   List<String> scopes, Instant now) {
    DeviceStart started = oauth.deviceAuthorization(provider, endpoints, String.join(" ", scopes));
    if (!(started instanceof DeviceStart.Started device)) {
      return ProviderAnswers.failure(((DeviceStart.Failed) started).problem());
    }
    String id = "con_" + random.randomToken(12);
    DevicePoll poll = new DevicePoll(SealedFields.seal(envelope, Connection.binding(tenant, id), Optional.of(device.deviceCode())), device.interval(),
        now.plus(device.interval()), now.plus(device.expiresIn()));
    Connection connection = new Connection(id, tenant, provider.id(), Provider.DEVICE_CODE, Optional.empty(), Status.PENDING, Optional.empty(),
        Optional.empty(), Set.copyOf(scopes), Optional.of(poll), now, now);
    store.add(connection);
    auditor.record(context, tenant, AuditAction.CONNECTION_CREATE, id, AuditOutcome.SUCCESS);
    return new ConnectionOutcome.Ok<>(new Connected(connection, Optional.of(new DeviceAuthorization(device.userCode(), device.verificationUri(),
        device.verificationUriComplete(), device.expiresIn(), device.interval()))));
  }
}
