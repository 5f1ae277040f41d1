package dev.portcullis.domain.shared;

/**
 * Text that survives UTF-8: no unpaired UTF-16 surrogate. A JSON string may carry one
 * ({@code "\ud800"}), and Java encodes it to UTF-8 as {@code ?} without complaint, so text that is
 * stored (a secret value, a description) is checked before it is encoded, and refused rather than
 * silently altered.
 */
public final class UnicodeText {
  private UnicodeText() {}

  /** True when every high surrogate is followed by a low one and no low surrogate stands alone. */
  public static boolean isWellFormed(CharSequence text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code text} itself (null passes), or an {@link IllegalArgumentException} naming {@code field} —
   * never quoting the text, which may be secret.
   */
  public static String requireWellFormed(String field, String text) {
    if (text != null && !isWellFormed(text)) {
      throw new IllegalArgumentException(field + " must be valid Unicode text: it contains an unpaired UTF-16 surrogate (U+D800 to U+DFFF)");
    }
    return text;
  }

  /** Text from a third party that is echoed: printable ASCII only (anything else becomes {@code ?}), at most 200 characters. */
  public static String printable(String text) {
    String cleaned = text.replaceAll("[^\\x20-\\x7E]", "?");
    return cleaned.length() > 200 ? cleaned.substring(0, 200) : cleaned;
  }
}
