package dev.portcullis.application.session;

import static dev.portcullis.application.fixtures.BrowserSessions.SHOP;
import static dev.portcullis.application.fixtures.BrowserSessions.SPA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.fixtures.BrowserSessions;
import dev.portcullis.application.fixtures.ScriptedUpstream;
import dev.portcullis.application.session.port.in.TokenOutcome;
import dev.portcullis.application.session.port.out.UpstreamProvider;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Upstream tokens stay server-side on every path of the broker's use cases: no outcome, JWT payload,
 * redirect or audit record carries one. (The application layer logs nothing; the log lines of the
 * served process are checked with the same sentinels by {@code SessionsServeIT}.)
 */
class UpstreamTokenSentinelTest {
  private final BrowserSessions sessions = new BrowserSessions();

  @Test
  void sentinel_upstream_tokens_appear_in_no_outcome_jwt_redirect_or_audit_record_on_any_path() {
    List<String> seen = new ArrayList<>();
    sessions.upstream.accessTtl = Duration.ofSeconds(30);
    TokenOutcome.Issued issued = sessions.tokens();
    seen.add(issued + issued.accessToken() + new String(Base64.getUrlDecoder().decode(issued.accessToken().split("\\.")[1]), StandardCharsets.UTF_8));
    sessions.platform.clock.advance(Duration.ofSeconds(16));
    TokenOutcome renewed = sessions.refresh(issued.refreshToken());
    seen.add(renewed.toString());
    sessions.upstream.refreshResult = new UpstreamProvider.TokenResult.Unavailable(Duration.ofSeconds(3), "503");
    sessions.platform.clock.advance(Duration.ofSeconds(16));
    seen.add(sessions.refresh(((TokenOutcome.Issued) renewed).refreshToken()).toString());
    sessions.upstream.refreshResult = new UpstreamProvider.TokenResult.Rejected("invalid_grant", "gone");
    seen.add(sessions.refresh(((TokenOutcome.Issued) renewed).refreshToken()).toString());
    TokenOutcome.Issued second = sessions.tokens();
    seen.add(sessions.node.logout().logout(SPA, Optional.of(second.accessToken()), URI.create("https://app.example.com/"), Optional.of("s")).toString());
    seen.add(sessions.platform.audit(SHOP).toString());
    seen.add(sessions.store.sessions(SHOP, Optional.empty(), 10).toString());

    assertThat(seen).hasSize(7).allSatisfy(text -> assertThat(text).doesNotContain(ScriptedUpstream.ACCESS).doesNotContain(ScriptedUpstream.REFRESH)
        .doesNotContain(ScriptedUpstream.ID_TOKEN));
  }
}
