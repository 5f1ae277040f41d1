package dev.portcullis.application.connection;

import dev.portcullis.application.connection.port.out.ProviderOAuth;
import dev.portcullis.application.shared.port.out.Decisions;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/** Every call the token vault makes to a provider, counted and timed by operation and outcome ({@link Decisions#providerCall}). */
final class CountedProviderOAuth implements ProviderOAuth {
  private final ProviderOAuth oauth;
  private final Decisions decisions;
  private final InstantSource clock;

  CountedProviderOAuth(ProviderOAuth oauth, Decisions decisions, InstantSource clock) {
    this.oauth = oauth;
    this.decisions = decisions;
    this.clock = clock;
  }

  private <T> T counted(String operation, Supplier<T> call, Function<T, String> outcome) {
    Instant started = clock.instant();
    T result = call.get();
    decisions.providerCall(operation, outcome.apply(result), Duration.between(started, clock.instant()));
    return result;
  }

  private static String outcome(TokenResult result) {
    return switch (result) {
      case TokenResult.Tokens tokens -> "ok";
      case TokenResult.Rejected rejected -> "rejected";
      case TokenResult.Malformed malformed -> "malformed";
      case TokenResult.Unavailable unavailable -> "unavailable";
    };
  }

  @Override
  public Discovery discover(URI issuer) {
    return counted("discovery", () -> oauth.discover(issuer), d -> switch (d) {
      case Discovery.Found found -> "ok";
      case Discovery.Invalid invalid -> "malformed";
      case Discovery.Unavailable unavailable -> "unavailable";
    });
  }

  @Override
  public TokenResult token(URI tokenEndpoint, ClientAuthentication client, Map<String, String> parameters) {
    return counted("token", () -> oauth.token(tokenEndpoint, client, parameters), CountedProviderOAuth::outcome);
  }

  @Override
  public boolean revoke(URI revocationEndpoint, ClientAuthentication client, String token, String tokenTypeHint) {
    return counted("revocation", () -> oauth.revoke(revocationEndpoint, client, token, tokenTypeHint), ok -> ok ? "ok" : "failed");
  }

  @Override
  public DeviceStart deviceAuthorization(URI endpoint, ClientAuthentication client, String scope) {
    return counted("device_authorization", () -> oauth.deviceAuthorization(endpoint, client, scope), d -> switch (d) {
      case DeviceStart.Started started -> "ok";
      case DeviceStart.Failed failed -> outcome(failed.problem());
    });
  }

  @Override
  public Optional<String> jwks(URI jwksUri) {
    return counted("jwks", () -> oauth.jwks(jwksUri), found -> found.isPresent() ? "ok" : "failed");
  }

  @Override
  public UserinfoResult userinfo(URI userinfoEndpoint, String accessToken) {
    return counted("userinfo", () -> oauth.userinfo(userinfoEndpoint, accessToken), u -> switch (u) {
      case UserinfoResult.Claims claims -> "ok";
      case UserinfoResult.TokenRefused refused -> "token_refused";
      case UserinfoResult.Failed failed -> outcome(failed.problem());
    });
  }
}
