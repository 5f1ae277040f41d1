package dev.portcullis.application.connection;

import dev.portcullis.application.connection.ProviderAccess.Endpoints;
import dev.portcullis.application.connection.port.in.ConnectionOutcome;
import dev.portcullis.application.connection.port.out.ProviderOAuth;
import dev.portcullis.application.connection.port.out.ProviderOAuth.TokenResult;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** What a provider's answer means for a connection request: granted scope, and failures as outcomes. */
final class ProviderAnswers {
  private ProviderAnswers() {}

  /** RFC 6749 §5.1: the scope the provider granted, when it says; else what was asked. */
  static Set<String> granted(TokenResult.Tokens tokens, Set<String> requested) {
    return tokens.scope().map(s -> Arrays.stream(s.split(" ")).filter(p -> !p.isEmpty()).collect(Collectors.toCollection(LinkedHashSet::new)))
        .<Set<String>>map(Set::copyOf).orElse(requested);
  }

  static <T> ConnectionOutcome<T> failure(TokenResult result) {
    return switch (result) {
      case TokenResult.Rejected rejected -> new ConnectionOutcome.ProviderRejected<>(rejected.error(), rejected.description());
      case TokenResult.Malformed malformed -> new ConnectionOutcome.ProviderMalformed<>(malformed.reason());
      case TokenResult.Unavailable unavailable -> new ConnectionOutcome.Unavailable<>(unavailable.retryAfter(), unavailable.reason());
      case TokenResult.Tokens tokens -> throw new IllegalArgumentException("not a failure");
    };
  }

  static <T> ConnectionOutcome<T> unresolved(Endpoints.Unresolved unresolved) {
    return unresolved.unavailable() ? new ConnectionOutcome.Unavailable<>(ProviderOAuth.DEFAULT_RETRY_AFTER, unresolved.reason())
        : new ConnectionOutcome.ProviderMalformed<>(unresolved.reason());
  }

  /** Why {@code provider} cannot start a connection by {@code grantType} with {@code scopes}, if it cannot. */
  static Optional<String> grantProblem(dev.portcullis.domain.connection.Provider provider, String grantType, Optional<List<String>> scopes) {
    if (!provider.allows(grantType)) {
      return Optional.of("grant_type " + dev.portcullis.domain.shared.UnicodeText.printable(grantType) + " is not enabled for this provider");
    }
    return scopeProblem(scopes);
  }

  static Optional<String> scopeProblem(Optional<List<String>> scopes) {
    return scopes.filter(list -> list.size() > 100 || !list.stream().allMatch(s -> s.matches("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,200}")))
        .map(list -> "scopes must be at most 100 RFC 6749 scope tokens");
  }
}
