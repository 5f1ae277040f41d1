package dev.portcullis.domain.secret;

import java.util.Objects;
import java.util.regex.Pattern;

/** A secret's name: 1–256 characters of {@code A-Z a-z 0-9 . _ / -}, never containing {@code ..}. */
public record SecretName(String value) {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._/-]{1,256}");

  public SecretName {
    Objects.requireNonNull(value, "name");
    if (!VALID.matcher(value).matches() || value.contains("..")) {
      throw new IllegalArgumentException("secret name must be 1-256 characters of A-Z, a-z, 0-9, '.', '_', '/' and '-', without '..'");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
