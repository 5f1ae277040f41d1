package dev.portcullis.bootstrap;

import dev.portcullis.adapter.crypto.RootKeys;
import dev.portcullis.bootstrap.config.ConfigException;
import dev.portcullis.bootstrap.config.ConfigKeys;
import dev.portcullis.bootstrap.config.ConfigLoader;
import dev.portcullis.bootstrap.config.Mode;
import dev.portcullis.bootstrap.config.PortcullisConfig;
import dev.portcullis.bootstrap.logging.Redaction;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code portcullis dev | serve | migrate | keygen | audit prune | root-key pkcs11-keygen}. The one place that writes to the console
 * directly: the dev banner with the generated credentials, and the output of {@code keygen}.
 */
@Command(name = "portcullis", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
    description = "Auth platform service: OAuth 2.0 server, BFF session broker, API keys and a secret vault.",
    subcommands = {Cli.Dev.class, Cli.Serve.class, Cli.Migrate.class, Cli.Keygen.class, Cli.Audit.class, Cli.RootKey.class})
public final class Cli implements Runnable {
  /** Exit code for configuration that cannot be used. */
  public static final int CONFIG_ERROR = 2;
  /** Exit code for a failure while starting (database unreachable, port taken, ...). */
  public static final int START_FAILED = 1;

  @Option(names = {"-c", "--config"}, description = "Properties file with PORTCULLIS_* settings (environment variables win).", scope = CommandLine.ScopeType.INHERIT)
  Path configFile;

  private final Map<String, String> env;
  private final boolean waitForShutdown;
  private PrintWriter out;
  private PrintWriter err;
  private Portcullis.Running running;

  /**
   * @param waitForShutdown true in {@link Main}: {@code dev} and {@code serve} then block until the
   *     JVM is asked to stop (SIGTERM, Ctrl-C); tests pass false and close {@link #running()} themselves.
   */
  public Cli(Map<String, String> env, boolean waitForShutdown) {
    this.env = env;
    this.waitForShutdown = waitForShutdown;
  }

  /** Parses and runs; returns the exit code. */
  public int execute(PrintWriter out, PrintWriter err, String... args) {
    this.out = out;
    this.err = err;
    CommandLine commandLine = new CommandLine(this);
    commandLine.setOut(out).setErr(err);
    commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof ConfigException config) {
        err.println("portcullis: " + config.getMessage());
        err.flush();
        return CONFIG_ERROR;
      }
      err.println("portcullis: could not start: " + Redaction.apply(describe(e)));
      err.flush();
      return START_FAILED;
    });
    return commandLine.execute(args);
  }

  /** The service started by {@code dev} or {@code serve}, for tests. */
  public Portcullis.Running running() {
    return running;
  }

  @Override
  public void run() {
    new CommandLine(this).usage(out);
  }

  private int startAndWait(Mode mode) throws InterruptedException {
    ConfigKeys.secretValues(env).forEach(Redaction::register);
    PortcullisConfig config = ConfigLoader.load(mode, env, configFile);
    Redaction.register(config.adminToken().revealUtf8());
    if (config.rootKey() != null) {
      Redaction.register(config.rootKey().revealUtf8());
    }
    running = Portcullis.start(config);
    if (mode == Mode.DEV) {
      printDevBanner(config, running);
    }
    if (waitForShutdown) {
      Portcullis.Running started = running;
      // SIGTERM / Ctrl-C: our own handlers run the graceful shutdown, then Main exits 0; the hook covers
      // every other end of the JVM (and those signals, where they cannot be handled)
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "portcullis-shutdown-hook"));
      ShutdownSignals.install(started);
      started.awaitStopped();
    }
    return 0;
  }

  private void printDevBanner(PortcullisConfig config, Portcullis.Running started) {
    out.println();
    out.println("  Portcullis dev mode: in-memory storage, nothing survives a restart. NOT FOR PRODUCTION.");
    out.println("  listening on http://" + config.httpHost() + ":" + started.port() + "   (issuer " + started.issuer() + ")");
    if (config.adminTokenGenerated()) {
      out.println("  WARNING: generated admin token, shown once; anyone holding it administers this instance:");
      out.println("    PORTCULLIS_ADMIN_TOKEN=" + config.adminToken().revealUtf8());
    }
    if (config.rootKeyGenerated()) {
      out.println("  WARNING: generated root key, shown once; keep it secret (set it to reuse it next time):");
      out.println("    PORTCULLIS_ROOT_KEY=" + config.rootKey().revealUtf8());
    }
    out.println("  try: curl -s http://127.0.0.1:" + started.port() + "/health/ready");
    out.println();
    out.flush();
  }

  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return root == e ? message : message + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
  }

  @Command(name = "dev", description = "Run with in-memory storage, a generated root key and admin token, on 127.0.0.1 (no database needed).")
  static final class Dev implements Callable<Integer> {
    @ParentCommand Cli cli;

    @Option(names = "--check", description = "Start on a free port, ask a few public routes over HTTP, stop: exit 0 when every answer is 200."
        + " A smoke test; ./portcullis also runs it once to record the JVM's startup cache (docs/performance.md).")
    boolean check;

    @Override
    public Integer call() throws InterruptedException {
      return check ? cli.checkDev() : cli.startAndWait(Mode.DEV);
    }
  }

  /** The routes {@code dev --check} asks: readiness and the public documents a first client fetches. */
  static final List<String> CHECKED_ROUTES = List.of("/health/ready", "/.well-known/oauth-authorization-server",
      "/oauth/jwks", "/openapi.json");

  private int checkDev() {
    java.util.Map<String, String> onAFreePort = new java.util.HashMap<>(env);
    onAFreePort.put(ConfigKeys.HTTP_PORT, "0");
    PortcullisConfig config = ConfigLoader.load(Mode.DEV, onAFreePort, configFile);
    Redaction.register(config.adminToken().revealUtf8());
    Redaction.register(config.rootKey().revealUtf8());
    try (Portcullis.Running started = Portcullis.start(config)) {
      java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(5)).build();
      int failed = 0;
      for (String route : CHECKED_ROUTES) {
        int status;
        try {
          status = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + started.port() + route))
              .timeout(java.time.Duration.ofSeconds(10)).build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
          status = 0;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return 1;
        }
        out.println((status == 200 ? "ok   " : "FAIL ") + status + " " + route);
        failed += status == 200 ? 0 : 1;
      }
      out.flush();
      return failed == 0 ? 0 : 1;
    }
  }

  @Command(name = "serve", description = "Run in production: Postgres required (migrated at start), Redis optional.")
  static final class Serve implements Callable<Integer> {
    @ParentCommand Cli cli;

    @Override
    public Integer call() throws InterruptedException {
      return cli.startAndWait(Mode.SERVE);
    }
  }

  @Command(name = "migrate", description = "Apply the Postgres schema migrations and exit.")
  static final class Migrate implements Callable<Integer> {
    @ParentCommand Cli cli;

    @Override
    public Integer call() {
      ConfigKeys.secretValues(cli.env).forEach(Redaction::register);
      List<Integer> applied = Portcullis.migrate(ConfigLoader.loadForMigrate(cli.env, cli.configFile));
      cli.out.println(applied.isEmpty() ? "schema is current; nothing to apply" : "applied migrations " + applied);
      cli.out.flush();
      return 0;
    }
  }

  @Command(name = "keygen", description = "Print a new root key (base64 of 32 random bytes) for PORTCULLIS_ROOT_KEY.")
  static final class Keygen implements Callable<Integer> {
    @ParentCommand Cli cli;

    @Override
    public Integer call() {
      cli.out.println(RootKeys.generate().revealUtf8());
      cli.out.flush();
      return 0;
    }
  }

  @Command(name = "audit", description = "Administer the audit log.", subcommands = Cli.AuditPrune.class)
  static final class Audit implements Runnable {
    @ParentCommand Cli cli;

    @Override
    public void run() {
      new CommandLine(this).usage(cli.out);
    }
  }

  @Command(name = "prune", description = "Remove audit records older than DAYS from every tenant's chain, leaving a checkpoint record in each; "
      + "a dry run (the default) only reports what would go.")
  static final class AuditPrune implements Callable<Integer> {
    @ParentCommand Audit audit;

    @Option(names = "--older-than", required = true, paramLabel = "DAYS", description = "Age in whole days (" + dev.portcullis.application.audit.port.in.PruneAudit.MIN_DAYS + "-"
        + dev.portcullis.application.audit.port.in.PruneAudit.MAX_DAYS + ").")
    int days;

    @Option(names = "--apply", description = "Really delete (without it: a dry run).")
    boolean apply;

    @Override
    public Integer call() {
      Cli cli = audit.cli;
      ConfigKeys.secretValues(cli.env).forEach(Redaction::register);
      if (days < dev.portcullis.application.audit.port.in.PruneAudit.MIN_DAYS || days > dev.portcullis.application.audit.port.in.PruneAudit.MAX_DAYS) {
        throw new ConfigException(List.of("--older-than must be a whole number of days from " + dev.portcullis.application.audit.port.in.PruneAudit.MIN_DAYS
            + " to " + dev.portcullis.application.audit.port.in.PruneAudit.MAX_DAYS));
      }
      var result = Portcullis.pruneAudit(ConfigLoader.loadForMigrate(cli.env, cli.configFile), days, !apply);
      cli.out.println((result.dryRun() ? "dry run: would remove " : "removed ") + result.records() + " audit records older than " + result.cutoff()
          + " from " + result.tenants().size() + " tenant chain(s)" + (result.dryRun() ? "; run again with --apply to remove them" : "; each chain keeps a checkpoint"));
      result.tenants().forEach(t -> cli.out.println("  " + t.tenant().value() + ": " + t.records() + " records through sequence " + t.throughSequence()));
      cli.out.flush();
      return 0;
    }
  }

  @Command(name = "root-key", description = "Administer the root key's provider.", subcommands = Cli.Pkcs11Keygen.class)
  static final class RootKey implements Runnable {
    @ParentCommand Cli cli;

    @Override
    public void run() {
      new CommandLine(this).usage(cli.out);
    }
  }

  @Command(name = "pkcs11-keygen", description = "Create the root key (AES-256, sensitive, not extractable) in the PKCS#11 token that the "
      + "PORTCULLIS_PKCS11_* settings name, unless a key with PORTCULLIS_PKCS11_KEY_LABEL exists.")
  static final class Pkcs11Keygen implements Callable<Integer> {
    @ParentCommand RootKey rootKey;

    @Override
    public Integer call() {
      Cli cli = rootKey.cli;
      var settings = ConfigLoader.load(dev.portcullis.bootstrap.config.Mode.DEV, cli.env, cli.configFile).rootKeys().pkcs11()
          .orElseThrow(() -> new ConfigException(List.of("set the PORTCULLIS_PKCS11_* settings (library, slot or token label, key label, PIN file)")));
      boolean created = dev.portcullis.adapter.pkcs11.Pkcs11RootKey.generateKey(settings);
      cli.out.println((created ? "created " : "kept the existing ") + settings.describe());
      cli.out.flush();
      return 0;
    }
  }

  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"portcullis " + Version.current()};
    }
  }
}
