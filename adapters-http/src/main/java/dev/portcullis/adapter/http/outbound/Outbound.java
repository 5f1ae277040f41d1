package dev.portcullis.adapter.http.outbound;

import io.vertx.core.Future;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletionException;

/**
 * Outbound calls with the JDK client, waited for the Vert.x way: {@code sendAsync} + {@link Future#await()}
 * suspends the request's virtual thread and frees its event-loop context, where a blocking {@code send}
 * would hold the context (and every other request on it) for the whole call.
 */
final class Outbound {
  private Outbound() {}

  static HttpResponse<InputStream> send(HttpClient client, HttpRequest request) throws IOException, InterruptedException {
    try {
      return Future.fromCompletionStage(client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())).await();
    } catch (CompletionException e) {
      throw unwrap(e.getCause());
    } catch (RuntimeException e) {
      throw e;
    } catch (Throwable e) { // Future.await rethrows the failure as it is
      throw unwrap(e);
    }
  }

  private static IOException unwrap(Throwable failure) {
    return failure instanceof IOException io ? io : new IOException(failure == null ? "request failed" : failure.getClass().getSimpleName(), failure);
  }
}
