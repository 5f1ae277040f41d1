package dev.portcullis.application.connection.port.in;

import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.shared.TenantId;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/** Starts an authorization-code + PKCE connection to a provider: where to send the browser. */
public interface StartConnection {
  ConnectionOutcome<Authorization> start(RequestContext context, TenantId tenant, String providerId, AuthorizeRequest request);

  record AuthorizeRequest(URI returnUrl, Optional<List<String>> scopes, Optional<String> loginHint, Optional<String> prompt) {}

  record Authorization(URI authorizationUrl, String state) {}
}
