package dev.portcullis.application.shared;

import dev.portcullis.domain.shared.Principal;
import java.util.Objects;

/** Who is asking, and the request facts the audit log records. */
public record RequestContext(Principal principal, String requestId, String clientAddress) {
  public RequestContext {
    Objects.requireNonNull(principal, "principal");
    requestId = Objects.requireNonNullElse(requestId, "");
    clientAddress = Objects.requireNonNullElse(clientAddress, "");
  }
}
