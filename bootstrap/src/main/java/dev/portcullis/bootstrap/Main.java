package dev.portcullis.bootstrap;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Entry point of {@code portcullis.jar}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    selectLogFormat(args);
    if (java.util.Arrays.asList(args).contains("dev") || java.util.Arrays.asList(args).contains("serve")) {
      // Startup work that does not depend on the command line runs beside parsing it (docs/performance.md):
      // the native JCA provider's load and self-tests, and the logging system's configuration.
      dev.portcullis.adapter.crypto.JcaProviders.loadInBackground();
      Thread.ofPlatform().daemon().name("logging-init").start(org.slf4j.LoggerFactory::getILoggerFactory);
    }
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    int code = new Cli(System.getenv(), true).execute(out, err, args);
    // dev/serve return once the graceful shutdown that SIGTERM or Ctrl-C started has finished: exit 0.
    // (When the JVM itself is already shutting down, exit waits for its hooks and the JVM's status stands.)
    System.exit(code);
  }

  /** Must run before the first logger exists: logback.xml reads the property once. */
  private static void selectLogFormat(String[] args) {
    String configured = System.getenv("PORTCULLIS_LOG_FORMAT");
    boolean json = configured != null && !configured.isBlank()
        ? configured.strip().toLowerCase(Locale.ROOT).equals("json")
        : java.util.Arrays.asList(args).contains("serve");
    System.setProperty("portcullis.log.appender", json ? "JSON" : "TEXT");
  }
}
