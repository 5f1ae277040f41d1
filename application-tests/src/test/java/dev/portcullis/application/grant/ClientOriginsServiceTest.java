package dev.portcullis.application.grant;

import static dev.portcullis.application.fixtures.Grants.aBrowserApp;
import static dev.portcullis.application.fixtures.Platform.ACME;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.fixtures.Grants;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** CORS at the token and revocation endpoints: only the exact origins of a client's own redirect URIs, never a wildcard or a look-alike. */
class ClientOriginsServiceTest {
  private final Grants grants = new Grants();
  private final String spa = grants.registered(aBrowserApp(ACME, URI.create("https://app.example.com/callback"),
      URI.create("http://localhost:5173/cb"))).client().clientId();
  private final String other = grants.registered(aBrowserApp(ACME, URI.create("https://other.example.com/cb"))).client().clientId();

  @Test
  void the_origins_of_the_clients_redirect_uris_with_their_port_are_allowed_for_that_client() {
    assertThat(grants.origins.allowed(spa, "https://app.example.com")).isTrue();
    assertThat(grants.origins.allowed(spa, "http://localhost:5173")).isTrue();
  }

  @Test
  void another_clients_origin_a_look_alike_another_scheme_or_port_and_an_unknown_client_are_refused() {
    assertThat(grants.origins.allowed(spa, "https://other.example.com")).as("another client's origin").isFalse();
    assertThat(grants.origins.allowed(other, "https://app.example.com")).isFalse();
    assertThat(grants.origins.allowed(spa, "https://app.example.com.evil.example")).isFalse();
    assertThat(grants.origins.allowed(spa, "http://app.example.com")).isFalse();
    assertThat(grants.origins.allowed(spa, "http://localhost:5174")).isFalse();
    assertThat(grants.origins.allowed(spa, "*")).isFalse();
    assertThat(grants.origins.allowed("nobody", "https://app.example.com")).isFalse();
  }

  @Test
  void a_preflight_names_no_client_so_any_registered_origin_passes_it_and_nothing_else() {
    assertThat(grants.origins.anyClientOn("https://other.example.com")).isTrue();
    assertThat(grants.origins.anyClientOn("https://evil.example.com")).isFalse();
  }
}
