package dev.portcullis.testsupport;

import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Runs the clean-up of test resources (databases, Redis keys, containers) when the JUnit launcher
 * session of this test run closes. A JVM shutdown hook is too late for that: Vert.x and Netty can no
 * longer start then. Registered through META-INF/services, so every module with test-support on its
 * test class path gets it.
 */
public final class AfterTestRun implements LauncherSessionListener {
  private static final Deque<Runnable> CLEANUPS = new ArrayDeque<>();

  static synchronized void register(Runnable cleanup) {
    CLEANUPS.push(cleanup); // last registered, first cleaned: databases before the container
  }

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    runAll();
  }

  static synchronized void runAll() {
    while (!CLEANUPS.isEmpty()) {
      try {
        CLEANUPS.pop().run();
      } catch (RuntimeException e) {
        System.err.println("test-support: clean-up failed: " + e.getMessage());
      }
    }
  }
}
