package dev.portcullis.bootstrap.logging;

import ch.qos.logback.classic.pattern.KeyValuePairConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** {@code %rkvp}: the event's key-value pairs with registered secrets masked. */
public final class RedactingKeyValueConverter extends KeyValuePairConverter {
  @Override
  public String convert(ILoggingEvent event) {
    return Redaction.apply(super.convert(event));
  }
}
