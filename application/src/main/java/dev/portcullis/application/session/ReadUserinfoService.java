package dev.portcullis.application.session;

import dev.portcullis.application.grant.AccessTokens;
import dev.portcullis.application.session.port.in.ReadUserinfo;
import dev.portcullis.domain.grant.AccessTokenClaims;
import dev.portcullis.domain.grant.IdTokenClaims;
import dev.portcullis.domain.grant.TokenUse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Userinfo for our own OpenID clients. Only an active session access token answers — a client's own
 * token, an API key's, a forwarded one or an ID token does not — and only with the claims its ID token
 * carried: {@code sub} plus the session's identity claims (the same whitelist as the access token).
 */
public final class ReadUserinfoService implements ReadUserinfo {
  private final AccessTokens accessTokens;

  public ReadUserinfoService(AccessTokens accessTokens) {
    this.accessTokens = accessTokens;
  }

  @Override
  public UserinfoOutcome userinfo(String accessToken) {
    Optional<AccessTokenClaims> active = accessTokens.active(accessToken).filter(c -> c.use() == TokenUse.SESSION && c.sessionId().isPresent());
    if (active.isEmpty()) {
      return new UserinfoOutcome.InvalidToken();
    }
    AccessTokenClaims claims = active.get();
    if (!claims.scopes().contains(IdTokenClaims.OPENID)) {
      return new UserinfoOutcome.InsufficientScope();
    }
    Map<String, Object> userinfo = new LinkedHashMap<>();
    userinfo.put("sub", claims.subject());
    claims.identity().email().ifPresent(email -> userinfo.put("email", email));
    claims.identity().name().ifPresent(name -> userinfo.put("name", name));
    if (!claims.identity().groups().isEmpty()) {
      userinfo.put("groups", claims.identity().groups());
    }
    return new UserinfoOutcome.Claims(userinfo, claims.clientId());
  }
}
