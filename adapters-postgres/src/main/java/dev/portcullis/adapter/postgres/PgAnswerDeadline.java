package dev.portcullis.adapter.postgres;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.impl.SocketConnectionBase;
import io.vertx.sqlclient.internal.SqlConnectionInternal;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection whose database has not answered a request within the deadline: a server that
 * hangs or a network path that drops packets fails the waiting statement (and so the caller, with
 * {@code DependencyUnavailable}) instead of holding it forever. Postgres cancels a statement that runs
 * longer than {@code statement_timeout} itself and answers with an error, so this only fires when no
 * answer can come at all.
 *
 * <p>Why a handler of our own: {@code NetClientOptions.setReadIdleTimeout} closes the connection
 * gracefully, through the client, which waits for the server's side of the close; a server that does
 * not answer never gives it (measured: a statement on a blackholed connection still waiting after 8 s
 * with a 1 s read-idle timeout; found by the embedding tests, where no request deadline hid it). This
 * handler sits first in the channel's pipeline, so its close reaches the socket directly. It reaches
 * the socket through the client's internal API, checked by {@code PgAnswerDeadlineIT}.
 *
 * <p>What it cannot see: an answer that stalls after its first bytes arrived (a read clears the wait).
 */
final class PgAnswerDeadline extends ChannelDuplexHandler {
  private static final Logger log = LoggerFactory.getLogger(PgAnswerDeadline.class);
  private static final AtomicBoolean warned = new AtomicBoolean();
  static final String NAME = "portcullis-answer-deadline";

  private final long deadlineNanos;
  /** When the oldest unanswered write went out; 0 while nothing waits. Touched on the channel's event loop only. */
  private long waitingSince;
  private boolean checkScheduled;

  PgAnswerDeadline(Duration deadline) {
    this.deadlineNanos = deadline.toNanos();
  }

  /** Installs the deadline on a freshly opened pooled connection (the pool's connect handler), then hands it to the pool. */
  static void install(SqlConnection connection, Duration deadline) {
    try {
      if (connection instanceof SqlConnectionInternal internal && internal.unwrap().unwrap() instanceof SocketConnectionBase socket) {
        ChannelHandlerContext context = socket.socket().channelHandlerContext();
        if (context.pipeline().get(NAME) == null) {
          context.pipeline().addFirst(NAME, new PgAnswerDeadline(deadline));
        }
      } else {
        cannotInstall(connection.getClass().getName());
      }
    } catch (LinkageError | RuntimeException e) { // the client's internals moved (another Vert.x version, the module path)
      cannotInstall(e.getClass().getSimpleName());
    } finally {
      connection.close();
    }
  }

  private static void cannotInstall(String why) {
    if (warned.compareAndSet(false, true)) {
      log.warn("cannot bound Postgres answers on this client version ({}); a hung database is bounded only by callers' own deadlines", why);
    }
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
    if (waitingSince == 0) {
      waitingSince = System.nanoTime();
      schedule(ctx, deadlineNanos);
    }
    super.write(ctx, msg, promise);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    waitingSince = 0;
    super.channelRead(ctx, msg);
  }

  private void schedule(ChannelHandlerContext ctx, long delayNanos) {
    if (!checkScheduled) {
      checkScheduled = true;
      ctx.executor().schedule(() -> check(ctx), delayNanos, TimeUnit.NANOSECONDS);
    }
  }

  private void check(ChannelHandlerContext ctx) {
    checkScheduled = false;
    if (waitingSince == 0 || !ctx.channel().isActive()) {
      return;
    }
    long waited = System.nanoTime() - waitingSince;
    if (waited >= deadlineNanos) {
      log.warn("Postgres did not answer within {} ms: closing the connection", TimeUnit.NANOSECONDS.toMillis(deadlineNanos));
      ctx.close();
    } else {
      schedule(ctx, deadlineNanos - waited);
    }
  }
}
