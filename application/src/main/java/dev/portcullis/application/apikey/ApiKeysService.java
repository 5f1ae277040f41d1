package dev.portcullis.application.apikey;

import dev.portcullis.application.apikey.port.in.ApiKeyOutcome;
import dev.portcullis.application.apikey.port.in.CreateApiKey;
import dev.portcullis.application.apikey.port.in.CreateApiKey.Created;
import dev.portcullis.application.apikey.port.in.CreateApiKey.NewKey;
import dev.portcullis.application.apikey.port.in.GetApiKey;
import dev.portcullis.application.apikey.port.in.ListApiKeys;
import dev.portcullis.application.apikey.port.in.ListApiKeys.Listing;
import dev.portcullis.application.apikey.port.in.RevokeApiKey;
import dev.portcullis.application.apikey.port.in.RotateApiKey;
import dev.portcullis.application.apikey.port.in.UpdateApiKey;
import dev.portcullis.application.apikey.port.in.UpdateApiKey.Changes;
import dev.portcullis.application.apikey.port.out.ApiKeyStore;
import dev.portcullis.application.audit.Auditor;
import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.application.shared.InvalidationFeed;
import dev.portcullis.application.shared.Revocations;
import dev.portcullis.application.shared.port.out.Transactions;
import dev.portcullis.application.shared.port.out.TokenGenerator;
import dev.portcullis.domain.apikey.ApiKey;
import dev.portcullis.domain.apikey.PresentedKey;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditOutcome;
import dev.portcullis.domain.shared.Permission;
import dev.portcullis.domain.shared.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * API key lifecycle. Every change commits together with its audit record and its announcement to every
 * node's verifier cache ({@link InvalidationFeed}); a revocation also revokes every token minted for
 * the key ({@link Revocations}) — all of it or nothing.
 */
public final class ApiKeysService implements CreateApiKey, ListApiKeys, GetApiKey, UpdateApiKey, RevokeApiKey, RotateApiKey {
  private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,64}");
  private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{16}");
  private final ApiKeyStore store;
  private final TokenGenerator random;
  private final InvalidationFeed invalidations;
  private final Revocations revocations;
  private final Transactions transactions;
  private final Auditor auditor;
  private final InstantSource clock;
  private final String prefix;
  private final Duration rotationGrace;
  private final Duration mintedTokenLifetime;
  private final KeyChecksums checksums;

  /** @param mintedTokenLifetime the longest a token minted for a key lives (forward auth, exchange): how long a revocation must cover them */
  public ApiKeysService(ApiKeyStore store, TokenGenerator random, InvalidationFeed invalidations, Revocations revocations, Transactions transactions,
                        Auditor auditor, InstantSource clock, String prefix, Duration rotationGrace, Duration mintedTokenLifetime, KeyChecksums checksums) {
    this.checksums = checksums;
    this.store = store;
    this.random = random;
    this.invalidations = invalidations;
    this.revocations = revocations;
    this.transactions = transactions;
    this.mintedTokenLifetime = mintedTokenLifetime;
    this.auditor = auditor;
    this.clock = clock;
    this.prefix = prefix;
    this.rotationGrace = rotationGrace;
  }

  @Override
  public ApiKeyOutcome<Created> create(RequestContext context, TenantId tenant, NewKey request) {
    if (!allowed(context, tenant, Permission.API_KEYS_WRITE, AuditAction.API_KEY_CREATE, "*")) {
      return new ApiKeyOutcome.Denied<>();
    }
    Optional<String> problem = problem(request.name(), request.scopes(), request.allowedOrigins(), request.expiresAt());
    if (problem.isPresent()) {
      return new ApiKeyOutcome.Invalid<>(problem.get());
    }
    Optional<ApiKeyOutcome<Created>> beyond = beyondCaller(context, tenant, request.scopes(), AuditAction.API_KEY_CREATE, "*");
    if (beyond.isPresent()) {
      return beyond.get();
    }
    Created created = mint(tenant, request);
    transactions.inTransaction(() -> {
      store.add(created.key());
      auditor.record(context, tenant, AuditAction.API_KEY_CREATE, created.key().id(), AuditOutcome.SUCCESS);
      return null;
    });
    return new ApiKeyOutcome.Ok<>(created);
  }

  private Created mint(TenantId tenant, NewKey template) {
    String keyId = random.randomHex(8);
    PresentedKey secret = new PresentedKey(prefix, keyId, checksums.secretFor(prefix, keyId, random.randomHex(28)));
    List<String> origins = template.allowedOrigins().stream().map(ApiKey::normalizeOrigin).toList();
    ApiKey key = new ApiKey(secret.keyId(), tenant, template.name(), template.scopes(), template.identity(), origins, template.expiresAt(), clock.instant(), Optional.empty(),
        Optional.empty(), secret.secretHash(), prefix, secret.fingerprint(), Optional.empty());
    return new Created(key, secret.full());
  }

  @Override
  public ApiKeyOutcome<Listing> list(RequestContext context, TenantId tenant, Optional<String> after, int limit) {
    if (!context.principal().may(Permission.API_KEYS_READ, tenant)) {
      return new ApiKeyOutcome.Denied<>();
    }
    if (limit < 1 || limit > 100) {
      return new ApiKeyOutcome.Invalid<>("limit must be between 1 and 100");
    }
    List<ApiKey> page = store.list(tenant, after, limit + 1);
    Optional<String> next = page.size() > limit ? Optional.of(page.get(limit - 1).id()) : Optional.empty();
    return new ApiKeyOutcome.Ok<>(new Listing(page.subList(0, Math.min(limit, page.size())), next));
  }

  @Override
  public ApiKeyOutcome<ApiKey> get(RequestContext context, TenantId tenant, String keyId) {
    if (!context.principal().may(Permission.API_KEYS_READ, tenant)) {
      return new ApiKeyOutcome.Denied<>();
    }
    return find(tenant, keyId).<ApiKeyOutcome<ApiKey>>map(ApiKeyOutcome.Ok::new).orElseGet(ApiKeyOutcome.NotFound::new);
  }

  @Override
  public ApiKeyOutcome<ApiKey> update(RequestContext context, TenantId tenant, String keyId, Changes changes) {
    if (!allowed(context, tenant, Permission.API_KEYS_WRITE, AuditAction.API_KEY_UPDATE, keyId)) {
      return new ApiKeyOutcome.Denied<>();
    }
    Optional<ApiKey> found = find(tenant, keyId);
    if (found.isEmpty()) {
      return new ApiKeyOutcome.NotFound<>();
    }
    ApiKey key = found.get();
    ApiKey changed = key.withDetails(changes.name().orElse(key.name()), changes.scopes().orElse(key.scopes()),
        changes.allowedOrigins().map(o -> o.stream().map(ApiKey::normalizeOrigin).toList()).orElse(key.allowedOrigins()),
        changes.expiresAt().orElse(key.expiresAt()));
    Optional<String> problem = problem(changed.name(), changed.scopes(), changed.allowedOrigins(), changes.expiresAt().orElse(Optional.empty()));
    if (problem.isPresent()) {
      return new ApiKeyOutcome.Invalid<>(problem.get());
    }
    // changing a key (its origins, its expiry, its scopes) is widening it unless the caller holds what the key holds, before and after
    Set<String> involved = new java.util.HashSet<>(key.scopes());
    involved.addAll(changed.scopes());
    Optional<ApiKeyOutcome<ApiKey>> beyond = beyondCaller(context, tenant, involved, AuditAction.API_KEY_UPDATE, keyId);
    if (beyond.isPresent()) {
      return beyond.get();
    }
    transactions.inTransaction(() -> {
      store.update(changed);
      invalidations.publish(ApiKeyVerifier.TOPIC, keyId); // scopes and origins are cached with the key
      auditor.record(context, tenant, AuditAction.API_KEY_UPDATE, keyId, AuditOutcome.SUCCESS);
      return null;
    });
    return new ApiKeyOutcome.Ok<>(changed);
  }

  @Override
  public ApiKeyOutcome<ApiKey> revoke(RequestContext context, TenantId tenant, String keyId) {
    if (!allowed(context, tenant, Permission.API_KEYS_WRITE, AuditAction.API_KEY_REVOKE, keyId)) {
      return new ApiKeyOutcome.Denied<>();
    }
    Optional<ApiKey> found = find(tenant, keyId);
    if (found.isEmpty()) {
      return new ApiKeyOutcome.NotFound<>();
    }
    Instant now = clock.instant();
    ApiKey revoked = found.get().revokedAt().isPresent() ? found.get() : found.get().revoked(now);
    transactions.inTransaction(() -> { // the key, every token minted for it, every node's cache and the audit record: all or nothing
      store.update(revoked);
      invalidations.publish(ApiKeyVerifier.TOPIC, keyId);
      revocations.revoke(new Revocations.Revoked(Revocations.Revoked.Kind.API_KEY, keyId), now.plus(mintedTokenLifetime));
      auditor.record(context, tenant, AuditAction.API_KEY_REVOKE, keyId, AuditOutcome.SUCCESS);
      return null;
    });
    return new ApiKeyOutcome.Ok<>(revoked);
  }

  @Override
  public ApiKeyOutcome<Created> rotate(RequestContext context, TenantId tenant, String keyId) {
    if (!allowed(context, tenant, Permission.API_KEYS_WRITE, AuditAction.API_KEY_ROTATE, keyId)) {
      return new ApiKeyOutcome.Denied<>();
    }
    Optional<ApiKey> found = find(tenant, keyId);
    if (found.isEmpty()) {
      return new ApiKeyOutcome.NotFound<>();
    }
    ApiKey old = found.get();
    Created successor = mint(tenant, new NewKey(old.name(), old.scopes(), old.identity(), old.allowedOrigins(), old.expiresAt()));
    ApiKey previous;
    switch (old.rotate(successor.key().id(), clock.instant(), rotationGrace)) {
      case ApiKey.Rotation.Refused refused -> {
        return new ApiKeyOutcome.Invalid<>(refused.reason());
      }
      case ApiKey.Rotation.Rotated rotated -> previous = rotated.previous();
    }
    Optional<ApiKeyOutcome<Created>> beyond = beyondCaller(context, tenant, old.scopes(), AuditAction.API_KEY_ROTATE, keyId); // a successor hands the scopes out again
    if (beyond.isPresent()) {
      return beyond.get();
    }
    transactions.inTransaction(() -> {
      store.add(successor.key());
      store.update(previous);
      invalidations.publish(ApiKeyVerifier.TOPIC, keyId); // its expiry changed
      auditor.record(context, tenant, AuditAction.API_KEY_ROTATE, keyId, AuditOutcome.SUCCESS);
      return null;
    });
    return new ApiKeyOutcome.Ok<>(successor);
  }

  private Optional<ApiKey> find(TenantId tenant, String keyId) {
    if (!KEY_ID.matcher(keyId).matches()) {
      return Optional.empty();
    }
    return store.find(keyId).filter(key -> key.tenant().equals(tenant));
  }

  private boolean allowed(RequestContext context, TenantId tenant, Permission permission, AuditAction action, String target) {
    if (context.principal().may(permission, tenant)) {
      return true;
    }
    auditor.record(context, tenant, action, target, AuditOutcome.DENIED);
    return false;
  }

  /** The delegation rule ({@link dev.portcullis.domain.shared.Principal#mayGrant}); a refusal is audited as a denial. */
  private <T> Optional<ApiKeyOutcome<T>> beyondCaller(RequestContext context, TenantId tenant, Set<String> scopes, AuditAction action, String target) {
    return context.principal().mayGrant(tenant, scopes).map(refusal -> {
      auditor.record(context, tenant, action, target, AuditOutcome.DENIED);
      return new ApiKeyOutcome.BeyondCaller<>(refusal);
    });
  }

  private Optional<String> problem(String name, Set<String> scopes, List<String> origins, Optional<Instant> expiresAt) {
    if (name == null || name.isBlank() || name.length() > 200) {
      return Optional.of("name must be 1-200 characters");
    }
    if (scopes.size() > 50 || !scopes.stream().allMatch(s -> SCOPE.matcher(s).matches())) {
      return Optional.of("scopes must be at most 50 RFC 6749 scope tokens");
    }
    if (origins.size() > 50 || origins.stream().anyMatch(o -> !o.matches("https?://[a-z0-9.-]+(:[0-9]{1,5})?"))) {
      return Optional.of("allowed_origins must be at most 50 origins of the form scheme://host[:port]");
    }
    if (expiresAt.map(e -> !e.isAfter(clock.instant())).orElse(false)) {
      return Optional.of("expires_at must be in the future");
    }
    return Optional.empty();
  }
}
