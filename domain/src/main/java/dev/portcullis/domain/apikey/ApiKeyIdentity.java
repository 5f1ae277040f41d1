package dev.portcullis.domain.apikey;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Who an API key acts as: the subject of the JWTs minted for it, and optional profile claims. */
public record ApiKeyIdentity(String subject, Optional<String> email, Optional<String> displayName, List<String> tags) {
  public ApiKeyIdentity {
    Objects.requireNonNull(subject, "subject");
    if (subject.isBlank() || subject.length() > 255 || !printable(subject)) {
      throw new IllegalArgumentException("identity.subject must be 1-255 printable characters");
    }
    email = Objects.requireNonNullElse(email, Optional.empty());
    displayName = Objects.requireNonNullElse(displayName, Optional.empty());
    tags = List.copyOf(tags == null ? List.of() : tags);
    if (!email.map(ApiKeyIdentity::printable).orElse(true) || !displayName.map(ApiKeyIdentity::printable).orElse(true)
        || !tags.stream().allMatch(ApiKeyIdentity::printable)) {
      throw new IllegalArgumentException("identity fields must be printable text");
    }
  }

  /** No control characters: these values travel in HTTP headers and JWT claims. */
  private static boolean printable(String value) {
    return value.length() <= 255 && value.chars().noneMatch(Character::isISOControl);
  }
}
