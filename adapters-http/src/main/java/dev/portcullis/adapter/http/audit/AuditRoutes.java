package dev.portcullis.adapter.http.audit;

import dev.portcullis.adapter.http.Callers;
import dev.portcullis.adapter.http.RouteContributor;
import dev.portcullis.adapter.http.Routes;
import dev.portcullis.adapter.http.HttpErrors;
import dev.portcullis.application.audit.port.in.AuditAccess;
import dev.portcullis.adapter.http.Json;
import dev.portcullis.adapter.http.Params;
import dev.portcullis.application.audit.port.in.PruneAudit;
import dev.portcullis.application.audit.port.in.QueryAudit;
import dev.portcullis.application.audit.port.in.VerifyAuditChain;
import dev.portcullis.domain.audit.AuditRecord;
import java.util.Locale;
import dev.portcullis.application.audit.port.out.AuditLog.AuditQuery;
import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditOutcome;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import java.util.Optional;

/** {@code /v1/tenants/:tenant/audit}, {@code /audit/verify}, and the administrator's {@code POST /v1/admin/audit/prune}. */
public final class AuditRoutes implements RouteContributor {
  private final QueryAudit query;
  private final VerifyAuditChain verify;
  private final PruneAudit prune;
  private final Callers callers;

  @Inject
  public AuditRoutes(QueryAudit query, VerifyAuditChain verify, PruneAudit prune, Callers callers) {
    this.query = query;
    this.verify = verify;
    this.prune = prune;
    this.callers = callers;
  }

  @Override
  public void register(Routes routes) {
    routes.get("/v1/tenants/:tenant/audit", callers.authenticated(this::query));
    routes.get("/v1/tenants/:tenant/audit/verify", callers.authenticated(this::verify));
    routes.post("/v1/admin/audit/prune", callers.authenticated(this::prune));
  }

  private static <T> void respond(RoutingContext ctx, AuditAccess<T> access, java.util.function.Consumer<T> granted) {
    switch (access) {
      case AuditAccess.Granted<T> ok -> granted.accept(ok.value());
      case AuditAccess.Denied<T> denied -> HttpErrors.respond(ctx, 403, "forbidden", "the caller may not read or administer this audit log");
    }
  }

  private void query(RoutingContext ctx, RequestContext caller) {
    Optional<AuditAction> action = Optional.ofNullable(Params.optionalText(ctx, "action")).map(AuditAction::fromWireName);
    var query = new AuditQuery(action, Optional.ofNullable(Params.optionalText(ctx, "actor")), outcome(Params.optionalText(ctx, "outcome")),
        Params.optionalInstant(ctx, "from"), Params.optionalInstant(ctx, "to"),
        Params.positiveInt(ctx, "page", 1), Params.positiveInt(ctx, "per_page", 50));
    respond(ctx, this.query.query(caller, Params.tenant(ctx), query), page -> Json.send(ctx, 200, Json.page(page, AuditRoutes::json)));
  }

  private static Optional<AuditOutcome> outcome(String wire) {
    if (wire == null) {
      return Optional.empty();
    }
    return java.util.Arrays.stream(AuditOutcome.values()).filter(o -> o.name().equalsIgnoreCase(wire)).findFirst()
        .map(Optional::of).orElseThrow(() -> new IllegalArgumentException("outcome must be one of "
            + String.join(", ", java.util.Arrays.stream(AuditOutcome.values()).map(o -> o.name().toLowerCase(java.util.Locale.ROOT)).toList())));
  }

  private void verify(RoutingContext ctx, RequestContext caller) {
    respond(ctx, this.verify.verify(caller, Params.tenant(ctx)), verification -> {
      JsonObject body = new JsonObject().put("valid", verification.valid()).put("checked", verification.checked());
      verification.firstBrokenSequence().ifPresent(s -> body.put("first_broken_sequence", s));
      Json.send(ctx, 200, body);
    });
  }

  /** {@code {"older_than_days": 90, "dry_run": false}}; a dry run (the default) only reports what would go. */
  private void prune(RoutingContext ctx, RequestContext caller) {
    JsonObject body = Json.onlyFields(Json.body(ctx), java.util.Set.of("older_than_days", "dry_run"));
    if (!(body.getValue("older_than_days") instanceof Integer days)) {
      throw new IllegalArgumentException("older_than_days is required: a whole number of days from 1 to " + PruneAudit.MAX_DAYS);
    }
    Object dryRun = body.getValue("dry_run", Boolean.TRUE);
    if (!(dryRun instanceof Boolean dry)) {
      throw new IllegalArgumentException("dry_run must be true or false");
    }
    respond(ctx, prune.prune(caller, days, dry), result -> Json.send(ctx, 200, json(result)));
  }

  static JsonObject json(PruneAudit.Result result) {
    JsonArray tenants = new JsonArray();
    result.tenants().forEach(p -> tenants.add(new JsonObject().put("tenant", p.tenant().value()).put("records", p.records())
        .put("through_sequence", p.throughSequence()).put("anchor_hash", p.anchorHash())));
    return new JsonObject().put("dry_run", result.dryRun()).put("cutoff", result.cutoff().toString()).put("records", result.records()).put("tenants", tenants);
  }

  private static JsonObject json(AuditRecord record) {
    var e = record.event();
    return new JsonObject()
        .put("sequence", record.sequence())
        .put("at", e.at().toString())
        .put("actor", e.actor())
        .put("subject", e.subject())
        .put("action", e.action().wireName())
        .put("target", e.target())
        .put("outcome", e.outcome().name().toLowerCase(Locale.ROOT))
        .put("request_id", e.requestId())
        .put("client_address", e.clientAddress())
        .put("detail", e.detail())
        .put("previous_hash", record.previousHash())
        .put("hash", record.hash());
  }
}
