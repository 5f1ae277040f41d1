package dev.portcullis.testsupport;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlClient;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Function;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A PostgreSQL database of its own for this test run (this JVM): created on first use, dropped when
 * this test run ends. The server comes from {@code PORTCULLIS_TEST_PG_URL} if set, else the local
 * service on 127.0.0.1:5432 (user postgres, trust auth), else a Testcontainers container if Docker
 * is available; otherwise first use fails with a message saying what to start.
 */
public final class TestPostgres {
  public static final String ENV = "PORTCULLIS_TEST_PG_URL";
  private static TestPostgres instance;

  private final PgConnectOptions server;
  private final String database;

  private TestPostgres(PgConnectOptions server, String database) {
    this.server = server;
    this.database = database;
  }

  /** The database of this test run; created on the first call. */
  public static synchronized TestPostgres get() {
    if (instance == null) {
      PgConnectOptions server = locateServer();
      String database = "portcullis_test_" + HexFormat.of().formatHex(SecureRandom.getSeed(6));
      onServer(server, sql -> sql.query("CREATE DATABASE " + database).execute());
      instance = new TestPostgres(server, database);
      AfterTestRun.register(instance::drop);
    }
    return instance;
  }

  /** Connection options for this run's database; prepared statements stay cached per connection, as in production. */
  public PgConnectOptions connectOptions() {
    return new PgConnectOptions(server).setDatabase(database).setCachePreparedStatements(true);
  }

  /** This run's database as a {@code postgresql://user[:pass]@host:port/db} URL. */
  public String url() {
    String auth = server.getUser() + (server.getPassword() == null || server.getPassword().isEmpty() ? "" : ":" + server.getPassword());
    return "postgresql://" + auth + "@" + server.getHost() + ":" + server.getPort() + "/" + database;
  }

  public String host() {
    return server.getHost();
  }

  public int port() {
    return server.getPort();
  }

  public String database() {
    return database;
  }

  /** The same server, another database: creates it if needed (for tests that need a clean slate). */
  public TestPostgres freshDatabase(String suffix) {
    String name = database + "_" + suffix;
    onServer(server, sql -> sql.query("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)").execute()
        .compose(v -> sql.query("CREATE DATABASE " + name).execute()));
    TestPostgres fresh = new TestPostgres(server, name);
    AfterTestRun.register(fresh::drop);
    return fresh;
  }

  private void drop() {
    try {
      onServer(server, sql -> sql.query("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)").execute());
    } catch (RuntimeException e) {
      System.err.println("test-support: could not drop " + database + ": " + e.getMessage());
    }
  }

  private static PgConnectOptions locateServer() {
    String url = Infrastructure.env(ENV);
    if (url != null) {
      return PgConnectOptions.fromUri(url).setDatabase("postgres");
    }
    if (Infrastructure.answers("127.0.0.1", 5432)) {
      return new PgConnectOptions().setHost("127.0.0.1").setPort(5432).setUser("postgres").setDatabase("postgres");
    }
    if (Infrastructure.dockerLikelyAvailable()) {
      PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
      container.start();
      AfterTestRun.register(container::stop);
      return new PgConnectOptions().setHost(container.getHost()).setPort(container.getFirstMappedPort())
          .setUser(container.getUsername()).setPassword(container.getPassword()).setDatabase("postgres");
    }
    throw Infrastructure.missing("PostgreSQL", ENV, "PostgreSQL on 127.0.0.1:5432, user postgres, trust auth");
  }

  private static void onServer(PgConnectOptions server, Function<SqlClient, io.vertx.core.Future<?>> work) {
    Vertx vertx = Vertx.vertx();
    try {
      SqlClient client = PgBuilder.client().with(new PoolOptions().setMaxSize(1)).connectingTo(server).using(vertx).build();
      try {
        work.apply(client).await();
      } finally {
        client.close().await();
      }
    } finally {
      vertx.close().await();
    }
  }
}
