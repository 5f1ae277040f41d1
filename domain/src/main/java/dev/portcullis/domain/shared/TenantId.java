package dev.portcullis.domain.shared;

import java.util.Objects;
import java.util.regex.Pattern;

/** A tenant: 1–64 characters of {@code a-z}, {@code 0-9} and {@code -}. */
public record TenantId(String value) {
  private static final Pattern VALID = Pattern.compile("[a-z0-9-]{1,64}");

  public TenantId {
    Objects.requireNonNull(value, "tenant");
    if (!VALID.matcher(value).matches()) {
      throw new IllegalArgumentException("tenant must be 1-64 characters of a-z, 0-9 and '-'");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
