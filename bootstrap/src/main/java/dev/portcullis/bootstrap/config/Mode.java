package dev.portcullis.bootstrap.config;

/** How the service runs: {@code dev} (in-memory, generated keys) or {@code serve} (Postgres, production). */
public enum Mode {
  DEV,
  SERVE;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
