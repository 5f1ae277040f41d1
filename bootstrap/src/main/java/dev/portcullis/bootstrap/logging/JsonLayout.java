package dev.portcullis.bootstrap.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import org.slf4j.event.KeyValuePair;

/**
 * One JSON object per line (for {@code serve}): timestamp, level, logger, thread, message, the event's
 * key-value pairs as top-level fields, and the stack trace if any; everything passes through
 * {@link Redaction}.
 */
public final class JsonLayout extends LayoutBase<ILoggingEvent> {
  private final ThrowableProxyConverter throwables = new ThrowableProxyConverter();

  @Override
  public void start() {
    throwables.start();
    super.start();
  }

  @Override
  public String doLayout(ILoggingEvent event) {
    StringBuilder json = new StringBuilder(256).append('{');
    field(json, "ts", Instant.ofEpochMilli(event.getTimeStamp()).toString());
    json.append(',');
    field(json, "level", event.getLevel().toString());
    json.append(',');
    field(json, "logger", event.getLoggerName());
    json.append(',');
    field(json, "thread", event.getThreadName());
    json.append(',');
    field(json, "message", Redaction.apply(event.getFormattedMessage()));
    if (event.getKeyValuePairs() != null) {
      for (KeyValuePair pair : event.getKeyValuePairs()) {
        json.append(',');
        String key = pair.key;
        Object value = pair.value;
        if (value instanceof Number || value instanceof Boolean) {
          quote(json, key).append(':').append(value);
        } else {
          field(json, key, Redaction.apply(String.valueOf(value)));
        }
      }
    }
    if (event.getThrowableProxy() != null) {
      json.append(',');
      field(json, "exception", Redaction.apply(throwables.convert(event)));
    }
    return json.append('}').append(CoreConstants.LINE_SEPARATOR).toString();
  }

  private static void field(StringBuilder json, String key, String value) {
    quote(json, key).append(':');
    quote(json, value);
  }

  private static StringBuilder quote(StringBuilder json, String text) {
    json.append('"');
    if (text != null) {
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        switch (c) {
          case '"' -> json.append("\\\"");
          case '\\' -> json.append("\\\\");
          case '\n' -> json.append("\\n");
          case '\r' -> json.append("\\r");
          case '\t' -> json.append("\\t");
          default -> {
            if (c < 0x20) {
              json.append(String.format("\\u%04x", (int) c));
            } else {
              json.append(c);
            }
          }
        }
      }
    }
    return json.append('"');
  }
}
