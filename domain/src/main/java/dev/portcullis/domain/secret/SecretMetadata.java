package dev.portcullis.domain.secret;

import dev.portcullis.domain.shared.UnicodeText;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Description, tags and author of a secret (well-formed Unicode text, see {@link UnicodeText}). Never contains the value. */
public record SecretMetadata(String description, Set<String> tags, String createdBy) {
  public static final int MAX_DESCRIPTION = 1024;
  public static final int MAX_TAGS = 50;
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9._:/=-]{1,64}");

  public SecretMetadata {
    description = Objects.requireNonNullElse(description, "");
    createdBy = Objects.requireNonNullElse(createdBy, "");
    tags = tags == null ? Set.of() : java.util.Collections.unmodifiableSet(new TreeSet<>(tags));
    UnicodeText.requireWellFormed("description", description);
    UnicodeText.requireWellFormed("created_by", createdBy);
    if (description.length() > MAX_DESCRIPTION) {
      throw new IllegalArgumentException("description must be at most " + MAX_DESCRIPTION + " characters");
    }
    if (createdBy.length() > 256) {
      throw new IllegalArgumentException("created_by must be at most 256 characters");
    }
    if (tags.size() > MAX_TAGS) {
      throw new IllegalArgumentException("at most " + MAX_TAGS + " tags");
    }
    for (String tag : tags) {
      if (tag == null || !TAG.matcher(tag).matches()) {
        throw new IllegalArgumentException("each tag must be 1-64 characters of A-Z, a-z, 0-9 and . _ : / = -");
      }
    }
  }

  public static SecretMetadata empty() {
    return new SecretMetadata("", Set.of(), "");
  }

  /** This metadata with the given fields replaced (null = keep). */
  public SecretMetadata with(String newDescription, Set<String> newTags) {
    return new SecretMetadata(newDescription != null ? newDescription : description, newTags != null ? newTags : tags, createdBy);
  }
}
