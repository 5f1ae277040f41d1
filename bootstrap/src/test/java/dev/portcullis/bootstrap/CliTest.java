package dev.portcullis.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.adapter.crypto.RootKeys;
import dev.portcullis.domain.shared.SecretBytes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CliTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(Map<String, String> env, String... args) {
    return new Cli(env, false).execute(new PrintWriter(out), new PrintWriter(err), args);
  }

  @Test
  void keygen_prints_a_root_key_that_serve_accepts() {
    int code = run(Map.of(), "keygen");

    assertThat(code).isZero();
    RootKeys.parse(SecretBytes.ofUtf8(out.toString().strip())); // throws if not a valid root key
  }

  @Test
  void help_lists_every_command() {
    int code = run(Map.of(), "--help");

    assertThat(code).isZero();
    assertThat(out.toString()).contains("dev").contains("serve").contains("migrate").contains("keygen");
  }

  @Test
  void serve_without_configuration_exits_2_naming_each_missing_variable_without_a_stack_trace() {
    int code = run(Map.of(), "serve");

    assertThat(code).isEqualTo(Cli.CONFIG_ERROR);
    assertThat(err.toString()).contains("PORTCULLIS_PG_URL").contains("PORTCULLIS_ROOT_KEY").contains("PORTCULLIS_ADMIN_TOKEN")
        .doesNotContain("\tat ").doesNotContain("Exception");
  }

  @Test
  void migrate_without_a_database_url_exits_2() {
    int code = run(Map.of(), "migrate");

    assertThat(code).isEqualTo(Cli.CONFIG_ERROR);
    assertThat(err.toString()).contains("PORTCULLIS_PG_URL is required by 'migrate'");
  }

  @Test
  void dev_starts_without_a_database_prints_the_admin_token_once_and_that_token_works() throws Exception {
    Cli cli = new Cli(Map.of("PORTCULLIS_HTTP_PORT", "0"), false);
    int code = cli.execute(new PrintWriter(out), new PrintWriter(err), "dev");
    try {
      assertThat(code).isZero();
      Matcher token = Pattern.compile("PORTCULLIS_ADMIN_TOKEN=(\\S+)").matcher(out.toString());
      assertThat(token.find()).isTrue();
      assertThat(out.toString()).contains("NOT FOR PRODUCTION").contains("PORTCULLIS_ROOT_KEY=");

      HttpResponse<String> info = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cli.running().port() + "/v1/admin/info"))
              .header("Authorization", "Bearer " + token.group(1)).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(info.statusCode()).isEqualTo(200);
      assertThat(out.toString()).containsOnlyOnce(token.group(1));
    } finally {
      cli.running().close();
    }
  }
}
