package dev.portcullis.adapter.pkcs11;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the root key lives in a PKCS#11 token. The token is chosen by {@code slot} id or by
 * {@code tokenLabel} (exactly one); the key by its label. The user PIN is read from {@code pinFile}
 * (trailing newline ignored) whenever the adapter logs in — it is never passed on a command line,
 * held in configuration, or logged.
 *
 * @param timeout how long one operation in the token may take before the caller gets a 503
 */
public record Pkcs11Settings(Path library, Optional<Long> slot, Optional<String> tokenLabel, String keyLabel, Path pinFile, Duration timeout) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  public Pkcs11Settings {
    if (slot.isPresent() == tokenLabel.isPresent()) {
      throw new IllegalArgumentException("choose the token by slot id or by token label, exactly one of the two");
    }
    if (keyLabel == null || keyLabel.isBlank() || keyLabel.length() > 64) {
      throw new IllegalArgumentException("the key label must be 1 to 64 characters");
    }
  }

  /** What the status, readiness and logs may say about the token: never the PIN. */
  public String describe() {
    return "pkcs11 " + library.getFileName() + " " + slot.map(s -> "slot " + s).orElseGet(() -> "token '" + tokenLabel.orElseThrow() + "'")
        + " key '" + keyLabel + "'";
  }
}
