package dev.portcullis.bootstrap;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGTERM and SIGINT (Ctrl-C) start the graceful shutdown on a thread of ours instead of the JVM's
 * shutdown sequence. The JVM would report "killed by the signal" (exit 143 / 130) however cleanly the
 * shutdown went; handled here, {@link Main} exits 0 once {@link Portcullis.Running#close()} is done, so
 * an orchestrator sees a clean stop. A shutdown hook stays in place for every other way the JVM ends.
 */
final class ShutdownSignals {
  private static final Logger log = LoggerFactory.getLogger(ShutdownSignals.class);

  private ShutdownSignals() {}

  /** Installs the handlers; returns the signals that could not be handled here (the JVM's default then applies). */
  static List<String> install(Portcullis.Running running) {
    return List.of("TERM", "INT").stream().filter(name -> !handle(name, running)).toList();
  }

  private static boolean handle(String name, Portcullis.Running running) {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
        if (running.stopping()) {
          log.info("SIG{} received while already stopping; the shutdown goes on (SIGKILL stops at once)", name);
          return;
        }
        log.info("SIG{} received: shutting down gracefully", name);
        Thread.ofPlatform().name("portcullis-shutdown").start(running::close);
      });
      return true;
    } catch (IllegalArgumentException e) { // no such signal here, or the JVM uses it itself
      return false;
    }
  }
}
