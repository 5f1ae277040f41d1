package dev.portcullis.bootstrap.config;

import dev.portcullis.domain.shared.SecretBytes;
import java.util.Objects;

/** A parsed {@code postgresql://user[:password]@host[:port]/database}; the password stays redacted. */
public record PostgresUrl(String host, int port, String database, String user, SecretBytes password) {
  public PostgresUrl {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(user, "user");
  }
}
