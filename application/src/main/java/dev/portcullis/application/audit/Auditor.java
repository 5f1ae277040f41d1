package dev.portcullis.application.audit;

import dev.portcullis.application.audit.port.out.AuditLog;
import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditEvent;
import dev.portcullis.domain.audit.AuditOutcome;
import dev.portcullis.domain.shared.Principal;
import dev.portcullis.domain.shared.TenantId;
import java.time.InstantSource;

/**
 * Turns a request context plus what happened into an audit record, in one place for every use case:
 * the actor is the credential that acted (never a subject its creator chose), the subject stands beside
 * it, and a <em>denied</em> attempt is recorded in the caller's own tenant — never in the chain of the
 * tenant it aimed at, which anybody could otherwise grow (or create) at will. Never given a value.
 */
public final class Auditor {
  /** Platform-wide events (root-key rotation, the platform admin's denials) are chained under this tenant. */
  public static final TenantId SYSTEM = Principal.Admin.SYSTEM;
  private final AuditLog log;
  private final InstantSource clock;
  private final dev.portcullis.application.shared.port.out.Decisions decisions;

  public Auditor(AuditLog log, InstantSource clock) {
    this(log, clock, dev.portcullis.application.shared.port.out.Decisions.NONE);
  }

  /** @param decisions counts every record by action and outcome */
  public Auditor(AuditLog log, InstantSource clock, dev.portcullis.application.shared.port.out.Decisions decisions) {
    this.log = log;
    this.clock = clock;
    this.decisions = decisions;
  }

  private void append(AuditEvent event) {
    log.append(event);
    decisions.audited(event.action(), event.outcome());
  }

  public void record(RequestContext context, TenantId tenant, AuditAction action, String target, AuditOutcome outcome) {
    record(context, tenant, action, target, outcome, "");
  }

  public void record(RequestContext context, TenantId tenant, AuditAction action, String target, AuditOutcome outcome, String detail) {
    Principal principal = context.principal();
    // the subject beside the credential when it says more: an operator signed in as the admin says who (operator:<sub>); other admins do not
    String subject = principal.credential().equals("client:" + principal.subject())
        || principal.isAdmin() && !principal.subject().startsWith(Principal.Admin.OPERATOR) ? "" : principal.subject();
    TenantId chain = tenant;
    String why = detail;
    if (outcome == AuditOutcome.DENIED && !principal.homeTenant().equals(tenant)) {
      chain = principal.homeTenant();
      why = ("aimed at tenant " + tenant.value() + (detail.isEmpty() ? "" : "; " + detail));
    }
    append(new AuditEvent(chain, principal.credential(), action, target, outcome, context.requestId(), context.clientAddress(), clock.instant(), subject,
        why));
  }

  /** An event without a request behind it (a client acting with its registration token, a background summary), by {@code actor}. */
  public void record(String actor, TenantId tenant, AuditAction action, String target, AuditOutcome outcome, String detail) {
    record(actor, "", tenant, action, target, outcome, detail);
  }

  /** As above, for a credential that speaks for {@code subject} (a session for its user). */
  public void record(String actor, String subject, TenantId tenant, AuditAction action, String target, AuditOutcome outcome, String detail) {
    append(new AuditEvent(tenant, actor, action, target, outcome, "", "", clock.instant(), subject, detail));
  }
}
