package dev.portcullis.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.shared.port.out.DependencyUnavailable;
import io.vertx.core.Future;
import io.vertx.redis.client.impl.types.ErrorType;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** Which failures are outages (503) and which are the server's own error replies (bugs). */
class RedisOutagesTest {

  private static Throwable translated(Throwable failure) {
    return RedisOutages.translate(Future.failedFuture(failure)).cause();
  }

  @Test
  void a_connection_closed_under_a_command_is_an_outage_although_the_client_reports_it_as_an_error_reply() {
    assertThat(translated(ErrorType.create("CONNECTION_CLOSED"))).isInstanceOf(DependencyUnavailable.class);
  }

  @Test
  void a_refused_connection_is_an_outage() {
    assertThat(translated(new ConnectException("Connection refused"))).isInstanceOf(DependencyUnavailable.class);
  }

  @Test
  void an_error_reply_from_the_server_passes_unchanged() {
    ErrorType reply = ErrorType.create("WRONGTYPE Operation against a key holding the wrong kind of value");

    assertThat(translated(reply)).isSameAs(reply);
  }

  @Test
  void a_server_loading_its_data_or_demoted_to_a_replica_is_an_outage_not_an_answer() {
    assertThat(translated(ErrorType.create("LOADING Redis is loading the dataset in memory"))).isInstanceOf(DependencyUnavailable.class);
    assertThat(translated(ErrorType.create("READONLY You can't write against a read only replica."))).isInstanceOf(DependencyUnavailable.class);
    assertThat(translated(ErrorType.create("BUSY Redis is busy running a script."))).isInstanceOf(DependencyUnavailable.class);
  }

  @Test
  void an_error_reply_that_merely_starts_with_an_outage_code_is_an_answer() {
    ErrorType reply = ErrorType.create("LOADINGX not a code we know");

    assertThat(translated(reply)).isSameAs(reply);
  }

  @Test
  void a_command_refused_before_it_was_sent_is_a_bug_and_a_full_waiting_queue_an_outage() {
    assertThat(translated(new IllegalArgumentException("MULTI would change a shared connection"))).isInstanceOf(IllegalArgumentException.class);
    assertThat(translated(new IllegalStateException("Redis command is not valid, check https://redis.io/commands: MGET")))
        .isInstanceOf(IllegalStateException.class);
    assertThat(translated(new IllegalStateException("Redis waiting queue is full"))).isInstanceOf(DependencyUnavailable.class);
  }
}
