package dev.portcullis.domain.grant;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The structural rules for a client's inline {@code jwks} (RFC 7517 §5, RFC 7591 §2), checked on its
 * JSON text with the JDK only (the domain has no JSON library): a JSON object whose {@code keys} is an
 * array of objects; no private key member ({@code d, p, q, dp, dq, qi, k}) at any depth; each key a
 * public signing key with the members of its type — RSA {@code n, e}; EC {@code crv, x, y}; OKP
 * {@code crv, x} — as base64url strings. Descriptions name the key (by position) and the member, never
 * any key material.
 */
final class JwkSetRules {
  static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "k");
  private static final Set<String> EC_CURVES = Set.of("P-256", "P-384", "P-521");
  private static final Set<String> OKP_CURVES = Set.of("Ed25519", "Ed448");
  private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+={0,2}");

  private JwkSetRules() {}

  /** Throws {@link ClientMetadataError.Rejected} ({@code invalid_client_metadata}) saying which rule failed. */
  static void check(String json) {
    Object set = Reader.parse(json);
    if (!(set instanceof Map<?, ?> members) || !(members.get("keys") instanceof List<?> keys)) {
      throw reject("jwks must be a JSON object with a keys array (RFC 7517 section 5)");
    }
    if (containsPrivateMember(set)) {
      throw reject("jwks must contain public keys only");
    }
    for (int i = 0; i < keys.size(); i++) {
      checkKey(i + 1, keys.get(i));
    }
  }

  private static void checkKey(int position, Object value) {
    String key = "jwks key " + position;
    if (!(value instanceof Map<?, ?> jwk)) {
      throw reject(key + " must be a JSON object");
    }
    Object kty = jwk.get("kty");
    if (!(kty instanceof String type) || !(type.equals("RSA") || type.equals("EC") || type.equals("OKP"))) {
      throw reject(key + " needs kty RSA, EC or OKP (a public signing key)");
    }
    switch (type) {
      case "RSA" -> requireBase64url(jwk, key + " (RSA)", "n", "e");
      case "EC" -> {
        requireCurve(jwk, key + " (EC)", EC_CURVES, "P-256, P-384 or P-521");
        requireBase64url(jwk, key + " (EC)", "x", "y");
      }
      default -> {
        requireCurve(jwk, key + " (OKP)", OKP_CURVES, "Ed25519 or Ed448");
        requireBase64url(jwk, key + " (OKP)", "x");
      }
    }
  }

  private static void requireCurve(Map<?, ?> jwk, String key, Set<String> curves, String allowed) {
    if (!(jwk.get("crv") instanceof String crv) || !curves.contains(crv)) {
      throw reject(key + " needs crv " + allowed);
    }
  }

  private static void requireBase64url(Map<?, ?> jwk, String key, String... members) {
    for (String member : members) {
      if (!(jwk.get(member) instanceof String text) || !BASE64URL.matcher(text).matches()) {
        throw reject(key + " needs " + member + " as a base64url string");
      }
    }
  }

  private static boolean containsPrivateMember(Object value) {
    if (value instanceof Map<?, ?> members) {
      for (Map.Entry<?, ?> member : members.entrySet()) {
        if (PRIVATE_MEMBERS.contains(member.getKey()) || containsPrivateMember(member.getValue())) {
          return true;
        }
      }
    } else if (value instanceof List<?> items) {
      for (Object item : items) {
        if (containsPrivateMember(item)) {
          return true;
        }
      }
    }
    return false;
  }

  private static ClientMetadataError.Rejected reject(String description) {
    return new ClientMetadataError.Rejected(ClientMetadataError.INVALID_CLIENT_METADATA, description);
  }

  /**
   * A strict RFC 8259 reader: objects (as {@link LinkedHashMap}, a repeated member name is refused),
   * arrays, strings (escapes decoded), numbers (as {@link JsonNumber}, their text), booleans and null (as
   * {@link #NULL}); nesting is bounded so hostile input cannot exhaust the stack. Messages never
   * quote the input.
   */
  static final class Reader {
    static final Object NULL = new Object();
    private static final int MAX_DEPTH = 32;
    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    private final String text;
    private int at;

    /** A JSON number, kept as its text: no rule here needs its value. */
    record JsonNumber(String text) {}

    private Reader(String text) {
      this.text = text;
    }

    static Object parse(String text) {
      Reader reader = new Reader(text);
      reader.skipWhitespace();
      Object value = reader.value(0);
      reader.skipWhitespace();
      if (reader.at != text.length()) {
        throw reject("jwks is not valid JSON: unexpected text after the value");
      }
      return value;
    }

    private Object value(int depth) {
      if (depth > MAX_DEPTH) {
        throw reject("jwks is nested more than " + MAX_DEPTH + " levels deep");
      }
      if (at >= text.length()) {
        throw invalid();
      }
      char c = text.charAt(at);
      return switch (c) {
        case '{' -> object(depth);
        case '[' -> array(depth);
        case '"' -> string();
        case 't' -> literal("true", Boolean.TRUE);
        case 'f' -> literal("false", Boolean.FALSE);
        case 'n' -> literal("null", NULL);
        default -> number();
      };
    }

    private Map<String, Object> object(int depth) {
      Map<String, Object> members = new LinkedHashMap<>();
      at++;
      skipWhitespace();
      if (peek('}')) {
        at++;
        return members;
      }
      while (true) {
        skipWhitespace();
        if (!peek('"')) {
          throw invalid();
        }
        String name = string();
        skipWhitespace();
        expect(':');
        skipWhitespace();
        if (members.put(name, value(depth + 1)) != null) {
          throw reject("jwks must not repeat a member name within an object");
        }
        skipWhitespace();
        if (peek(',')) {
          at++;
        } else {
          expect('}');
          return members;
        }
      }
    }

    private List<Object> array(int depth) {
      List<Object> items = new ArrayList<>();
      at++;
      skipWhitespace();
      if (peek(']')) {
        at++;
        return items;
      }
      while (true) {
        skipWhitespace();
        items.add(value(depth + 1));
        skipWhitespace();
        if (peek(',')) {
          at++;
        } else {
          expect(']');
          return items;
        }
      }
    }

    private String string() {
      StringBuilder out = new StringBuilder();
      at++;
      while (at < text.length()) {
        char c = text.charAt(at++);
        if (c == '"') {
          return out.toString();
        }
        if (c < 0x20) {
          throw invalid();
        }
        if (c != '\\') {
          out.append(c);
          continue;
        }
        if (at >= text.length()) {
          throw invalid();
        }
        char escaped = text.charAt(at++);
        switch (escaped) {
          case '"', '\\', '/' -> out.append(escaped);
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'u' -> {
            if (at + 4 > text.length()) {
              throw invalid();
            }
            int code = 0;
            for (int i = 0; i < 4; i++) {
              int digit = Character.digit(text.charAt(at++), 16);
              if (digit < 0) {
                throw invalid();
              }
              code = code * 16 + digit;
            }
            out.append((char) code);
          }
          default -> throw invalid();
        }
      }
      throw invalid();
    }

    private JsonNumber number() {
      int start = at;
      while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
        at++;
      }
      String number = text.substring(start, at);
      if (!NUMBER.matcher(number).matches()) {
        throw invalid();
      }
      return new JsonNumber(number);
    }

    private Object literal(String word, Object value) {
      if (!text.startsWith(word, at)) {
        throw invalid();
      }
      at += word.length();
      return value;
    }

    private boolean peek(char c) {
      return at < text.length() && text.charAt(at) == c;
    }

    private void expect(char c) {
      if (!peek(c)) {
        throw invalid();
      }
      at++;
    }

    private void skipWhitespace() {
      while (at < text.length() && " \t\n\r".indexOf(text.charAt(at)) >= 0) {
        at++;
      }
    }

    private static ClientMetadataError.Rejected invalid() {
      return reject("jwks is not valid JSON");
    }
  }
}
