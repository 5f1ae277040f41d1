package dev.portcullis.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The packaged jar ({@code target/portcullis.jar}) run as a process, as a newcomer or an orchestrator runs it. */
public final class JarProcess implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
  public final Process process;
  final Path log;

  private JarProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** {@code java -jar portcullis.jar <command>} (words separated by spaces) with only the given PORTCULLIS_* settings (name, value pairs). */
  public static JarProcess start(String command, String... env) throws IOException {
    Path jar = Path.of("target", "portcullis.jar");
    assertThat(jar).as("the shaded jar is built in the package phase").exists();
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> line = new ArrayList<>(List.of(java));
    if (Runtime.version().feature() >= 24) {
      line.add("--sun-misc-unsafe-memory-access=allow");
    }
    line.addAll(List.of("-jar", jar.toString()));
    line.addAll(List.of(command.split(" ")));
    Path log = Files.createTempFile("portcullis-" + command.replace(' ', '-'), ".log");
    ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("PORTCULLIS_"));
    for (int i = 0; i < env.length; i += 2) {
      builder.environment().put(env[i], env[i + 1]);
    }
    return new JarProcess(builder.start(), log);
  }

  /** The port from the "listening on" line, once it is printed. */
  int awaitListening(Duration limit) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      Matcher m = LISTENING.matcher(Files.readString(log));
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      if (!process.isAlive()) {
        throw new AssertionError("portcullis exited early:\n" + Files.readString(log));
      }
      Thread.sleep(50);
    }
    throw new AssertionError("portcullis was not listening after " + limit + ":\n" + Files.readString(log));
  }

  /** SIGTERM, as Kubernetes and {@code docker stop} send it ({@link Process#destroy()} on Unix). */
  void sigterm() {
    process.destroy();
  }

  public String output() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() throws IOException, InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    Files.deleteIfExists(log);
  }
}
