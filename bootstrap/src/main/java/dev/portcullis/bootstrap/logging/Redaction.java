package dev.portcullis.bootstrap.logging;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The log redaction layer. Values marked secret at start-up (admin token, root key, database and
 * Redis passwords, client secrets) are replaced by {@code [REDACTED]} in every message, key-value
 * pair and stack trace the logging pipeline writes — a second line of defence behind
 * {@link dev.portcullis.domain.shared.SecretBytes}, whose {@code toString} never shows the value.
 */
public final class Redaction {
  public static final String MASK = "[REDACTED]";
  /** Shorter values would mask ordinary words; every real secret here is far longer. */
  static final int MIN_LENGTH = 8;
  private static final List<String> SECRETS = new CopyOnWriteArrayList<>();

  private Redaction() {}

  public static void register(String secret) {
    if (secret != null && secret.length() >= MIN_LENGTH && !SECRETS.contains(secret)) {
      SECRETS.add(secret);
      SECRETS.sort(Comparator.comparingInt(String::length).reversed()); // longest first: no partial leftovers
    }
  }

  public static String apply(String text) {
    if (text == null || SECRETS.isEmpty()) {
      return text;
    }
    String result = text;
    for (String secret : SECRETS) {
      if (result.contains(secret)) {
        result = result.replace(secret, MASK);
      }
    }
    return result;
  }
}
