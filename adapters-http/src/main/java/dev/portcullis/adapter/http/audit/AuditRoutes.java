package dev.portcullis.adapter.http.audit;

import dev.portcullis.adapter.http.Callers;
import dev.portcullis.adapter.http.RouteContributor;
import dev.portcullis.adapter.http.Routes;
import dev.portcullis.adapter.http.HttpErrors;
import dev.portcullis.application.audit.port.in.AuditAccess;
import dev.portcullis.adapter.http.Json;
import dev.portcullis.adapter.http.Params;
import dev.portcullis.application.audit.port.in.QueryAudit;
import dev.portcullis.application.audit.port.in.VerifyAuditChain;
import dev.portcullis.domain.audit.AuditRecord;
import java.util.Locale;
import dev.portcullis.application.audit.port.out.AuditLog.AuditQuery;
import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.audit.AuditAction;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import java.util.Optional;

/** {@code /v1/tenants/:tenant/audit} and {@code /audit/verify}. */
public final class AuditRoutes implements RouteContributor {
  private final QueryAudit query;
  private final VerifyAuditChain verify;
  private final Callers callers;

  @Inject
  public AuditRoutes(QueryAudit query, VerifyAuditChain verify, Callers callers) {
    this.query = query;
    this.verify = verify;
    this.callers = callers;
  }

  @Override
  public void register(Routes routes) {
    routes.get("/v1/tenants/:tenant/audit", callers.authenticated(this::query));
    routes.get("/v1/tenants/:tenant/audit/verify", callers.authenticated(this::verify));
  }

  private static <T> void respond(RoutingContext ctx, AuditAccess<T> access, java.util.function.Consumer<T> granted) {
    switch (access) {
      case AuditAccess.Granted<T> ok -> granted.accept(ok.value());
      case AuditAccess.Denied<T> denied -> HttpErrors.respond(ctx, 403, "forbidden", "the caller may not read this tenant's audit log");
    }
  }

  private void query(RoutingContext ctx, RequestContext caller) {
    Optional<AuditAction> action = Optional.ofNullable(Params.optionalText(ctx, "action")).map(AuditAction::fromWireName);
    var query = new AuditQuery(action, Params.optionalInstant(ctx, "from"), Params.optionalInstant(ctx, "to"),
        Params.positiveInt(ctx, "page", 1), Params.positiveInt(ctx, "per_page", 50));
    respond(ctx, this.query.query(caller, Params.tenant(ctx), query), page -> Json.send(ctx, 200, Json.page(page, AuditRoutes::json)));
  }

  private void verify(RoutingContext ctx, RequestContext caller) {
    respond(ctx, this.verify.verify(caller, Params.tenant(ctx)), verification -> {
      JsonObject body = new JsonObject().put("valid", verification.valid()).put("checked", verification.checked());
      verification.firstBrokenSequence().ifPresent(s -> body.put("first_broken_sequence", s));
      Json.send(ctx, 200, body);
    });
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
