package dev.portcullis.adapter.postgres;

import dev.portcullis.application.shared.port.out.DependencyUnavailable;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import java.util.function.Supplier;

/**
 * Turns "Postgres cannot be reached" (refused or closed connections, pool timeouts) into
 * {@link DependencyUnavailable} (HTTP 503), while SQL errors reported by the server stay what they
 * are (bugs: HTTP 500). Application exceptions pass through untouched.
 */
public final class PgFailures {
  private PgFailures() {}

  public static <T> T translate(Supplier<T> work) {
    try {
      return work.get();
    } catch (PgException e) { // the server answered with an SQL error: not an outage
      throw e;
    } catch (VertxException e) { // closed connection, pool wait timeout
      throw new DependencyUnavailable("postgres", e);
    } catch (RuntimeException | Error e) { // SQL errors (PgException) and application exceptions
      throw e;
    } catch (Throwable e) { // checked exceptions rethrown by Future.await(): connection-level failures
      throw new DependencyUnavailable("postgres", e);
    }
  }
}
