package dev.portcullis.application.shared.port.out;

import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditOutcome;
import java.time.Duration;

/**
 * What the platform decided, counted for operators (metrics). Every label value is from a small fixed set —
 * a grant type the server offers or {@code other}, an OAuth error code, an outcome name — never a token,
 * key, user, client or provider value. {@link #NONE} ignores everything (the use cases' default).
 */
public interface Decisions {
  Decisions NONE = new Decisions() {};

  /** A token endpoint request: its grant type ({@code other} for one not offered), {@code issued} or the OAuth error, and how long it took. */
  default void tokenRequest(String grantType, String outcome, Duration took) {}

  /** An audit record appended. */
  default void audited(AuditAction action, AuditOutcome outcome) {}

  /** A tenant's audit chain verified: intact or broken. */
  default void auditChainVerified(boolean intact) {}

  /** An API key presented: {@code valid}, {@code invalid}, {@code unavailable}…, and whether the cache answered. */
  default void apiKeyVerified(String outcome, boolean cacheHit) {}

  /**
   * Where a refresh grant took the presented token and its session from: {@code memory} (this node handed the
   * token out as a successor and remembered its session) or {@code store}.
   */
  default void refreshRead(String source) {}

  /** A session's upstream tokens renewed at the upstream OpenID provider: {@code renewed}, {@code refused}, {@code unavailable}. */
  default void upstreamRenewal(String outcome, Duration took) {}

  /** A call to a third-party provider of the token vault: the operation ({@code token}, {@code discovery}, …) and its outcome. */
  default void providerCall(String operation, String outcome, Duration took) {}

  /** Data keys re-wrapped under the primary root key (rotation progress). */
  default void rootKeyRewrapped(int versions) {}
}
