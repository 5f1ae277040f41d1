package dev.portcullis.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A second real OAuth provider for the token vault: {@code oidc-provider} (the package and version of
 * {@code ../shared/upstream-idp}, run from its installed copy) with the device flow (RFC 8628),
 * client_credentials and refresh tokens, which the upstream IdP does not enable. The user's approval is
 * an admin call ({@link #approve}). The script is {@code device-idp/device-idp.mjs} in this module.
 */
public final class DeviceIdp implements AutoCloseable {
  private final Process process;
  private final int port;

  private DeviceIdp(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** @param settings DEVICE_* variables (see the script), e.g. DEVICE_INTERVAL=1 */
  public static DeviceIdp start(Map<String, String> settings) {
    Path home = UpstreamIdp.installed();
    try (InputStream script = DeviceIdp.class.getResourceAsStream("/device-idp/device-idp.mjs")) {
      Path target = home.resolve("device-idp.mjs"); // beside node_modules, so `import 'oidc-provider'` resolves
      Files.copy(script, target, StandardCopyOption.REPLACE_EXISTING);
      ProcessBuilder builder = new ProcessBuilder("node", target.toString()).directory(home.toFile()).redirectErrorStream(true);
      builder.environment().putAll(settings);
      Process process = builder.start();
      BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      for (String line = output.readLine(); line != null; line = output.readLine()) {
        if (line.startsWith("device-idp ready port=")) {
          int port = Integer.parseInt(line.substring("device-idp ready port=".length()).strip());
          Thread.ofVirtual().start(() -> output.lines().forEach(l -> { })); // keep draining
          return new DeviceIdp(process, port);
        }
      }
      throw new IllegalStateException("device-idp did not start (exit " + process.waitFor() + ")");
    } catch (IOException e) {
      throw new IllegalStateException("the device IdP needs Node.js 20+ on PATH (apt install nodejs npm): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public String issuer() {
    return "http://127.0.0.1:" + port;
  }

  /** The user enters {@code userCode} and approves as {@code account} (alice, bob). */
  public void approve(String userCode, String account) {
    admin("/__admin/device/approve?user_code=" + URLEncoder.encode(userCode, StandardCharsets.UTF_8) + "&account=" + account);
  }

  public void deny(String userCode) {
    admin("/__admin/device/deny?user_code=" + URLEncoder.encode(userCode, StandardCharsets.UTF_8));
  }

  /** The next {@code count} device_code polls are answered {@code slow_down}. */
  public void slowDown(int count) {
    admin("/__admin/slow-down?count=" + count);
  }

  /** Request counts per endpoint as JSON text ({"requests":{"token":3,...}}). */
  public String state() {
    return UpstreamIdp.call(HttpRequest.newBuilder(URI.create(issuer() + "/__admin/state")).GET().build());
  }

  private void admin(String path) {
    String answer = UpstreamIdp.call(HttpRequest.newBuilder(URI.create(issuer() + path)).POST(HttpRequest.BodyPublishers.noBody()).build());
    if (answer.contains("\"error\"")) {
      throw new IllegalStateException("device-idp " + path + ": " + answer);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
