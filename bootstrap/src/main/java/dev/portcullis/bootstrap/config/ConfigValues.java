package dev.portcullis.bootstrap.config;

import static dev.portcullis.bootstrap.config.ConfigKeys.*;

import static dev.portcullis.bootstrap.config.ConfigKeys.*;
import dev.portcullis.adapter.crypto.RootKeys;
import dev.portcullis.domain.shared.SecretBytes;
import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * How one setting's text becomes a typed value (URLs, keys, enums); each problem is added to the loader's
 * list, naming the variable and the rule — never the value.
 */
final class ConfigValues {
  private final List<String> problems;

  ConfigValues(List<String> problems) {
    this.problems = problems;
  }

  URI issuer(String value, boolean serve) {
    URI uri = url(ISSUER, value, Set.of("http", "https"));
    if (uri == null) {
      return null;
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      problems.add(ISSUER + " must not have a query or fragment (RFC 8414 section 2)");
    }
    if (serve && "http".equals(uri.getScheme()) && !isLoopback(uri.getHost())) {
      problems.add(ISSUER + " must use https outside loopback (RFC 8414 section 2); http is only for 127.0.0.1/localhost");
    }
    String text = uri.toString();
    return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : uri;
  }

  URI url(String key, String value, Set<String> schemes) {
    URI uri = safeUri(value);
    if (uri == null || !uri.isAbsolute() || uri.getHost() == null || !schemes.contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
      problems.add(key + " must be an absolute URL with a host and scheme " + String.join(" or ", schemes.stream().sorted().toList()));
      return null;
    }
    return uri;
  }

  Optional<PostgresUrl> postgresUrl(String value) {
    String rule = PG_URL + " must look like postgresql://user[:password]@host[:port]/database (value not shown: it may hold a password)";
    URI uri = safeUri(value);
    if (uri == null || uri.getScheme() == null || !Set.of("postgresql", "postgres").contains(uri.getScheme())
        || uri.getHost() == null || uri.getRawUserInfo() == null || uri.getPath() == null || uri.getPath().length() < 2) {
      problems.add(rule);
      return Optional.empty();
    }
    String userInfo = uri.getRawUserInfo();
    int colon = userInfo.indexOf(':');
    String user = URLDecoder.decode(colon < 0 ? userInfo : userInfo.substring(0, colon), StandardCharsets.UTF_8);
    SecretBytes password = colon < 0 || colon == userInfo.length() - 1 ? null
        : SecretBytes.ofUtf8(URLDecoder.decode(userInfo.substring(colon + 1), StandardCharsets.UTF_8));
    if (user.isEmpty()) {
      problems.add(rule);
      return Optional.empty();
    }
    return Optional.of(new PostgresUrl(uri.getHost(), uri.getPort() == -1 ? 5432 : uri.getPort(), uri.getPath().substring(1), user, password));
  }

  Optional<URI> redisUrl(String value) {
    URI uri = safeUri(value);
    if (uri == null || uri.getScheme() == null || !Set.of("redis", "rediss").contains(uri.getScheme()) || uri.getHost() == null) {
      problems.add(REDIS_URL + " must look like redis://[user:password@]host[:port][/db] (value not shown: it may hold a password)");
      return Optional.empty();
    }
    String path = uri.getPath();
    if (path != null && path.length() > 1 && !path.substring(1).matches("\\d{1,2}")) {
      problems.add(REDIS_URL + " database must be a number (redis://host:port/0)");
    }
    return Optional.of(uri);
  }

  SecretBytes rootKey(SecretBytes candidate) {
    try {
      RootKeys.parse(candidate);
      return candidate;
    } catch (IllegalArgumentException e) {
      problems.add(ROOT_KEY + " " + e.getMessage());
      return null;
    }
  }

  dev.portcullis.domain.key.SigningAlgorithm signingAlgorithm(String value) {
    try {
      return dev.portcullis.domain.key.SigningAlgorithm.parse(value);
    } catch (IllegalArgumentException e) {
      problems.add(SIGNING_ALG + " must be ES256, RS256 or EdDSA");
      return dev.portcullis.domain.key.SigningAlgorithm.ES256;
    }
  }

  SecretBytes adminToken(String value) {
    if (value.length() < ConfigLoader.MIN_ADMIN_TOKEN_LENGTH) {
      problems.add(ADMIN_TOKEN + " must be at least " + ConfigLoader.MIN_ADMIN_TOKEN_LENGTH + " characters (it has " + value.length() + ")");
      return null;
    }
    return SecretBytes.ofUtf8(value);
  }

  PortcullisConfig.LogFormat logFormat(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "json" -> PortcullisConfig.LogFormat.JSON;
      case "text" -> PortcullisConfig.LogFormat.TEXT;
      default -> {
        problems.add(LOG_FORMAT + " must be json or text");
        yield PortcullisConfig.LogFormat.TEXT;
      }
    };
  }

  static boolean isLoopback(String host) {
    if ("localhost".equalsIgnoreCase(host)) {
      return true;
    }
    try {
      return host != null && host.matches("[0-9.:\\[\\]a-fA-F]+") && InetAddress.getByName(host).isLoopbackAddress();
    } catch (IOException e) {
      return false;
    }
  }

  static URI safeUri(String value) {
    try {
      return new URI(value);
    } catch (URISyntaxException e) {
      return null;
    }
  }
}
