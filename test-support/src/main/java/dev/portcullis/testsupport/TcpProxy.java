package dev.portcullis.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A loopback TCP proxy in front of a real server, so a test can make Postgres or Redis unreachable
 * ({@link #cut()}: connections refused and reset), make it hang ({@link #blackhole()}: connections are
 * accepted but nothing is answered), and bring it back ({@link #restore()}) without touching the server
 * itself.
 */
public final class TcpProxy implements AutoCloseable {
  private final String targetHost;
  private final int targetPort;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final ReentrantLock flow = new ReentrantLock(); // not synchronized: pumps are virtual threads and must not pin their carriers
  private final Condition flowing = flow.newCondition();
  private volatile boolean blackholed;
  private volatile ServerSocket listener;
  private int port;

  private TcpProxy(String targetHost, int targetPort) {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
  }

  public static TcpProxy to(String targetHost, int targetPort) {
    TcpProxy proxy = new TcpProxy(targetHost, targetPort);
    proxy.listen(0);
    return proxy;
  }

  public int port() {
    return port;
  }

  /** Closes the listening socket and every proxied connection: the target looks gone. */
  public synchronized void cut() {
    try {
      if (listener != null) {
        listener.close();
        listener = null;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    open.forEach(TcpProxy::closeQuietly);
    open.clear();
    signalFlow();
  }

  /**
   * The target hangs: new connections are still accepted and existing ones stay open, but no byte is
   * relayed in either direction, so every request waits for an answer that does not come (a frozen
   * server, or a network path that drops packets). Bytes sent meanwhile are held, not lost, and
   * delivered after {@link #restore()}, as TCP would once the path heals.
   */
  public void blackhole() {
    blackholed = true;
  }

  /** Relays again after {@link #blackhole()}, and listens again on the same port after {@link #cut()}. */
  public synchronized void restore() {
    blackholed = false;
    signalFlow();
    if (listener == null) {
      listen(port);
    }
  }

  @Override
  public void close() {
    blackholed = false;
    cut();
  }

  private void listen(int onPort) {
    try {
      ServerSocket socket = new ServerSocket();
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
      this.listener = socket;
      this.port = socket.getLocalPort();
      Thread.ofVirtual().name("tcp-proxy-accept-" + port).start(() -> acceptLoop(socket));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void acceptLoop(ServerSocket socket) {
    while (!socket.isClosed()) {
      try {
        Socket client = socket.accept();
        Socket upstream = new Socket(targetHost, targetPort);
        synchronized (this) {
          if (listener != socket) { // cut() ran while this connection was being set up: it must not survive
            closeQuietly(client);
            closeQuietly(upstream);
            return;
          }
          open.add(client);
          open.add(upstream);
        }
        Thread.ofVirtual().start(() -> pump(client, upstream));
        Thread.ofVirtual().start(() -> pump(upstream, client));
      } catch (IOException e) {
        return; // listener closed by cut()
      }
    }
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      int read;
      while ((read = in.read(buffer)) != -1) {
        awaitFlowing(from, to);
        out.write(buffer, 0, read);
        out.flush();
      }
    } catch (IOException ignored) {
      // either side closed; close both below
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      open.remove(from);
      open.remove(to);
    }
  }

  /** Holds bytes while blackholed; gives up when either socket is closed meanwhile (by {@link #cut()}). */
  private void awaitFlowing(Socket from, Socket to) throws IOException {
    if (!blackholed) {
      return;
    }
    flow.lock();
    try {
      while (blackholed && !from.isClosed() && !to.isClosed()) {
        flowing.awaitUninterruptibly();
      }
    } finally {
      flow.unlock();
    }
    if (from.isClosed() || to.isClosed()) {
      throw new IOException("closed while blackholed");
    }
  }

  private void signalFlow() {
    flow.lock();
    try {
      flowing.signalAll();
    } finally {
      flow.unlock();
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }
}
