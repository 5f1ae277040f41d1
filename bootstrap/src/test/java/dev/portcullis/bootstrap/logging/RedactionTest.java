package dev.portcullis.bootstrap.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

/** The redaction layer masks registered secrets in messages, key-value pairs and stack traces. */
class RedactionTest {
  private static final String SENTINEL = "redaction-sentinel-3e8f6a1b9c2d";

  static {
    Redaction.register(SENTINEL);
  }

  private final LoggerContext context = new LoggerContext();

  @Test
  void text_pattern_masks_message_key_values_and_stack_trace() {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    context.putObject(ch.qos.logback.core.CoreConstants.PATTERN_RULE_REGISTRY, new java.util.HashMap<>(java.util.Map.of(
        "rmsg", RedactingMessageConverter.class.getName(), "rkvp", RedactingKeyValueConverter.class.getName(), "rex", RedactingThrowableConverter.class.getName())));
    encoder.setPattern("%rmsg %rkvp%n%rex");
    encoder.start();

    String line = new String(encoder.encode(event()), StandardCharsets.UTF_8);

    assertThat(line).doesNotContain(SENTINEL).contains(Redaction.MASK).contains("token=").contains("IllegalStateException");
  }

  @Test
  void json_layout_masks_message_key_values_and_stack_trace_and_stays_valid_json() {
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    JsonLayout layout = new JsonLayout();
    layout.setContext(context);
    layout.start();
    encoder.setLayout(layout);
    encoder.setContext(context);
    encoder.start();

    String line = new String(encoder.encode(event()), StandardCharsets.UTF_8).strip();

    assertThat(line).doesNotContain(SENTINEL);
    JsonObject json = new JsonObject(line);
    assertThat(json.getString("message")).isEqualTo("token is " + Redaction.MASK + " \"quoted\"");
    assertThat(json.getString("token")).isEqualTo(Redaction.MASK);
    assertThat(json.getInteger("status")).isEqualTo(401);
    assertThat(json.getString("exception")).contains("IllegalStateException").contains(Redaction.MASK);
  }

  @Test
  void short_values_are_not_registered_so_ordinary_words_survive() {
    Redaction.register("abc");

    assertThat(Redaction.apply("abc def")).isEqualTo("abc def");
  }

  private LoggingEvent event() {
    ch.qos.logback.classic.Logger logger = context.getLogger("test");
    LoggingEvent event = new LoggingEvent("fqcn", logger, Level.WARN, "token is {} \"quoted\"",
        new IllegalStateException("failed with " + SENTINEL), new Object[] {SENTINEL});
    event.setKeyValuePairs(List.of(new KeyValuePair("token", SENTINEL), new KeyValuePair("status", 401)));
    return event;
  }
}
