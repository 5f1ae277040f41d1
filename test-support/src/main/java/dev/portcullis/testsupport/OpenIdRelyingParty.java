package dev.portcullis.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An independent OpenID relying party for the tests: {@code openid-client} (Node, from the npm registry,
 * pinned by {@code oidc-rp/package-lock.json} in this module) logs in through Portcullis and reports, as
 * one JSON line, what it verified — or the error it refused with.
 */
public final class OpenIdRelyingParty {
  private OpenIdRelyingParty() {}

  /** Runs one login → tokens → userinfo → logout; returns the script's JSON line. */
  public static String login(String issuer, String clientId, String redirectUri, String postLogoutRedirectUri, String loginHint) {
    Path home = installed();
    try {
      ProcessBuilder builder = new ProcessBuilder("node", "rp.mjs").directory(home.toFile()).redirectErrorStream(true);
      builder.environment().putAll(Map.of("ISSUER", issuer, "CLIENT_ID", clientId, "REDIRECT_URI", redirectUri,
          "POST_LOGOUT_REDIRECT_URI", postLogoutRedirectUri, "LOGIN_HINT", loginHint));
      Process node = builder.start();
      String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!node.waitFor(60, TimeUnit.SECONDS)) {
        node.destroyForcibly();
        throw new IllegalStateException("the relying party did not finish in 60 s");
      }
      return output.lines().filter(line -> line.startsWith("{")).reduce((first, last) -> last)
          .orElseThrow(() -> new IllegalStateException("the relying party printed no result:\n" + output));
    } catch (IOException e) {
      throw new IllegalStateException("the relying party needs Node.js 20+ on PATH: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A writable copy with {@code npm ci} done, shared by every test JVM of this machine. */
  static synchronized Path installed() {
    Path copy = Path.of(System.getProperty("java.io.tmpdir"), "portcullis-oidc-rp");
    try {
      Files.createDirectories(copy);
      for (String file : List.of("package.json", "package-lock.json", "rp.mjs")) {
        try (InputStream in = OpenIdRelyingParty.class.getResourceAsStream("/oidc-rp/" + file)) {
          Files.copy(in, copy.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      NodePackages.installed(copy, "openid-client", "the OpenID relying party");
      return copy;
    } catch (IOException e) {
      throw new IllegalStateException("the OpenID relying party needs Node.js 20+ and npm on PATH (apt install nodejs npm): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
