package dev.portcullis.bootstrap.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;

/** {@code %rex}: stack traces with registered secrets masked (exception messages can carry them). */
public final class RedactingThrowableConverter extends ThrowableProxyConverter {
  @Override
  protected String throwableProxyToString(IThrowableProxy proxy) {
    return Redaction.apply(super.throwableProxyToString(proxy));
  }
}
