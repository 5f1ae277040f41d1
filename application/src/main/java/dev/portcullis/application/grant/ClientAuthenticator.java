package dev.portcullis.application.grant;

import dev.portcullis.application.audit.Auditor;
import dev.portcullis.application.grant.port.in.ClientCredential;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditOutcome;
import dev.portcullis.application.grant.port.in.OAuthError;
import dev.portcullis.application.grant.port.out.ClientAssertions;
import dev.portcullis.application.grant.port.out.ClientJwksSource;
import dev.portcullis.application.grant.port.out.ClientJwksSource.Unavailable;
import dev.portcullis.application.grant.port.out.ClientStore;
import dev.portcullis.application.grant.port.out.ReplayGuard;
import dev.portcullis.domain.shared.CredentialHash;
import dev.portcullis.domain.grant.RegisteredClient;
import dev.portcullis.domain.grant.TokenEndpointAuthMethod;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;

/**
 * Client authentication for every endpoint that needs it (token, introspection, revocation): a client
 * secret compared by hash in constant time, or a signed JWT assertion (RFC 7523, SMART Backend
 * Services) checked against the client's keys and made single-use through the replay guard.
 */
public final class ClientAuthenticator {
  private final ClientStore clients;
  private final ClientAssertions assertions;
  private final ClientKeySets keySets;
  private final ReplayGuard replayGuard;
  private final InstantSource clock;
  private final String issuer;
  private final String tokenEndpoint;
  private final Auditor auditor;

  public ClientAuthenticator(ClientStore clients, ClientAssertions assertions, ClientJwksSource jwksSource, ReplayGuard replayGuard,
                             InstantSource clock, String issuer, Auditor auditor) {
    this.auditor = auditor;
    this.clients = clients;
    this.assertions = assertions;
    this.keySets = new ClientKeySets(jwksSource, clock);
    this.replayGuard = replayGuard;
    this.clock = clock;
    this.issuer = issuer;
    this.tokenEndpoint = issuer + "/oauth/token";
  }

  public sealed interface Outcome {
    record Authenticated(RegisteredClient client) implements Outcome {}

    record Rejected(OAuthError error) implements Outcome {}
  }

  /**
   * The client, or why not. A failure against a client that exists is a security event in its tenant's
   * audit log (the reason, never the credential); unknown client ids are only throttled.
   */
  public Outcome authenticate(ClientCredential credential) {
    Outcome outcome = check(credential);
    if (outcome instanceof Outcome.Rejected rejected) {
      claimedClient(credential).flatMap(clients::find).ifPresent(client -> auditor.record("client:" + client.clientId(), client.metadata().tenant(),
          AuditAction.CLIENT_AUTHENTICATE, client.clientId(), AuditOutcome.DENIED, rejected.error().description()));
    }
    return outcome;
  }

  private Optional<String> claimedClient(ClientCredential credential) {
    return switch (credential) {
      case ClientCredential.Secret secret -> Optional.of(secret.clientId());
      case ClientCredential.Assertion assertion -> assertions.unverifiedIssuer(assertion.assertion()).or(assertion::clientIdParameter);
      case ClientCredential.Public named -> Optional.of(named.clientId());
    };
  }

  private Outcome check(ClientCredential credential) {
    return switch (credential) {
      case ClientCredential.Secret secret -> secret(secret);
      case ClientCredential.Assertion assertion -> assertion(assertion);
      case ClientCredential.Public named -> clients.find(named.clientId())
          .filter(client -> client.metadata().authMethod() == TokenEndpointAuthMethod.NONE)
          .<Outcome>map(Outcome.Authenticated::new).orElseGet(() -> rejected("client authentication failed"));
    };
  }

  private Outcome secret(ClientCredential.Secret credential) {
    Optional<RegisteredClient> found = clients.find(credential.clientId());
    byte[] presented = CredentialHash.of(credential.clientSecret());
    TokenEndpointAuthMethod expected = credential.method() == ClientCredential.Secret.Method.BASIC
        ? TokenEndpointAuthMethod.CLIENT_SECRET_BASIC : TokenEndpointAuthMethod.CLIENT_SECRET_POST;
    if (found.isEmpty() || !found.get().secretMatches(presented) || found.get().metadata().authMethod() != expected) {
      return rejected("client authentication failed"); // one answer for every cause (RFC 6749 §5.2)
    }
    return new Outcome.Authenticated(found.get());
  }

  private Outcome assertion(ClientCredential.Assertion credential) {
    Optional<ClientAssertions.Parsed> assertion = assertions.parse(credential.assertion()); // once: the issuer to look up, then the signature
    Optional<String> claimedClient = assertion.flatMap(ClientAssertions.Parsed::unverifiedIssuer);
    if (claimedClient.isEmpty() || credential.clientIdParameter().map(id -> !id.equals(claimedClient.get())).orElse(false)) {
      return rejected("the client assertion is malformed or names another client");
    }
    Optional<RegisteredClient> found = clients.find(claimedClient.get());
    if (found.isEmpty() || found.get().metadata().authMethod() != TokenEndpointAuthMethod.PRIVATE_KEY_JWT) {
      return rejected("client authentication failed");
    }
    RegisteredClient client = found.get();
    ClientAssertions.Verified verified;
    try {
      verified = assertions.verify(assertion.get(), keySets.current(client.metadata()), AssertionRules.ALGORITHMS);
      if (verified instanceof ClientAssertions.Verified.UnknownKey) {
        String newer = keySets.refreshed(client.metadata());
        if (newer != null) {
          verified = assertions.verify(assertion.get(), newer, AssertionRules.ALGORITHMS);
        }
      }
    } catch (Unavailable e) {
      return rejected("the client's jwks_uri could not be fetched"); // one answer: the detail is in the server log
    }
    ClientAssertions.Claims claims = switch (verified) {
      case ClientAssertions.Verified.Valid valid -> valid.claims();
      case ClientAssertions.Verified.UnknownKey unknown -> null;
      case ClientAssertions.Verified.Invalid invalid -> null;
    };
    if (claims == null) {
      return rejected(verified instanceof ClientAssertions.Verified.UnknownKey
          ? "no key registered for this client matches the assertion's kid"
          : "the client assertion's signature does not verify with the client's registered keys");
    }
    Instant now = clock.instant();
    Optional<String> violation = AssertionRules.violation(claims, client.clientId(), tokenEndpoint, issuer, now);
    if (violation.isPresent()) {
      return rejected(violation.get());
    }
    if (!replayGuard.firstUse("assertion:" + client.clientId() + ":" + claims.jwtId().orElseThrow(), AssertionRules.replayUntil(claims), now)) {
      return rejected("this assertion (jti) was already used");
    }
    return new Outcome.Authenticated(client);
  }

  private static Outcome rejected(String description) {
    return new Outcome.Rejected(OAuthError.invalidClient(description));
  }
}
