package dev.portcullis.bootstrap.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw TCP listener on loopback standing in for an internal service or an attacker's host: counts the
 * connections it gets, keeps what was sent (the bytes a secret would travel in), answers an HTTP 500.
 */
final class Listener implements AutoCloseable {
  private final ServerSocket socket;
  private final AtomicInteger connections = new AtomicInteger();
  private final List<String> received = new CopyOnWriteArrayList<>();

  Listener() throws IOException {
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().start(this::accept);
  }

  private void accept() {
    while (!socket.isClosed()) {
      try (Socket client = socket.accept()) {
        connections.incrementAndGet();
        client.setSoTimeout(500);
        InputStream in = client.getInputStream();
        byte[] buffer = new byte[16_384];
        int read;
        StringBuilder text = new StringBuilder();
        try {
          while ((read = in.read(buffer)) > 0) {
            text.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
            if (text.indexOf("\r\n\r\n") >= 0) {
              break;
            }
          }
        } catch (IOException timeout) {
          // what arrived is enough
        }
        received.add(text.toString());
        OutputStream out = client.getOutputStream();
        out.write("HTTP/1.1 500 Internal\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } catch (IOException e) {
        // closed
      }
    }
  }

  int port() {
    return socket.getLocalPort();
  }

  int connections() {
    return connections.get();
  }

  /** Everything any request carried (request lines, headers and the start of bodies). */
  String received() {
    return String.join("\n", received);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
