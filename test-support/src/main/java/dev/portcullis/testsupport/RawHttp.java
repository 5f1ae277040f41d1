package dev.portcullis.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP/1.1 over one plain socket, for tests about connections rather than requests: which response
 * says {@code Connection: close}, whether a keep-alive connection is reused, and whether the server
 * ends a connection with a FIN (an orderly end of stream) or a reset. {@code java.net.http} hides all
 * of that behind its own pool.
 */
public final class RawHttp implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RawHttp(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  /** Opens a connection; throws {@link java.net.ConnectException} when nothing listens. */
  public static RawHttp connect(int port) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
    socket.setSoTimeout(30_000);
    return new RawHttp(socket);
  }

  public record Response(int status, Map<String, String> headers, String body) {
    /** A header by case-insensitive name. */
    public Optional<String> header(String name) {
      return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }
  }

  /** How the server ended the connection, as seen by a client reading from it. */
  public enum End {
    /** An orderly end of stream: the server closed after sending everything (FIN). */
    CLOSED,
    /** The connection was reset (RST): whatever the server had not yet sent is lost. */
    RESET,
    /** Still open after the wait. */
    OPEN
  }

  public Response get(String path) throws IOException {
    send("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    return read();
  }

  /** Sends the request head only (and no body, or only part of it); read the answer with {@link #read()}. */
  public void send(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** Reads one response with a {@code Content-Length} body. */
  public Response read() throws IOException {
    String statusLine = line();
    if (statusLine == null) {
      throw new IOException("the server closed the connection without answering");
    }
    String[] parts = statusLine.split(" ", 3);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = line(); line != null && !line.isEmpty(); line = line()) {
      int colon = line.indexOf(':');
      headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
    }
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    byte[] body = in.readNBytes(length);
    return new Response(Integer.parseInt(parts[1]), headers, new String(body, StandardCharsets.UTF_8));
  }

  /** Waits up to {@code limit} for the server to end the connection. */
  public End awaitEnd(Duration limit) {
    try {
      socket.setSoTimeout((int) Math.max(1, limit.toMillis()));
      return in.read() == -1 ? End.CLOSED : End.OPEN; // unexpected bytes: still open
    } catch (SocketTimeoutException e) {
      return End.OPEN;
    } catch (SocketException e) {
      return End.RESET; // "Connection reset"
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        String text = buffer.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      }
      buffer.write(b);
    }
    return buffer.size() == 0 ? null : buffer.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing
    }
  }
}
