package dev.portcullis.application.connection.port.in;

import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.connection.Connection;
import dev.portcullis.domain.shared.SecretBytes;
import dev.portcullis.domain.shared.TenantId;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A connection by a grant without a browser: client_credentials, password, an extension grant, or the device flow (pending). */
public interface ConnectWithoutBrowser {
  ConnectionOutcome<Connected> connect(RequestContext context, TenantId tenant, String providerId, ConnectRequest request);

  /**
   * @param grantType client_credentials, password, the device_code URN, or an extension grant URI
   * @param parameters extra token-request parameters for extension grants (and audience/resource for any)
   */
  record ConnectRequest(String grantType, Optional<List<String>> scopes, Optional<String> username, Optional<SecretBytes> password,
                        Map<String, String> parameters) {
    @Override
    public String toString() {
      return "ConnectRequest[" + grantType + "]";
    }
  }

  /** A new connection; {@code device} is present for a device authorization still waiting for the user. */
  record Connected(Connection connection, Optional<DeviceAuthorization> device) {}

  record DeviceAuthorization(String userCode, URI verificationUri, Optional<URI> verificationUriComplete, Duration expiresIn, Duration interval) {}
}
