package io.switchboard.bench;

import io.switchboard.common.config.ConfigLoader;
import io.switchboard.common.config.Credentials;
import io.switchboard.common.config.SwitchboardConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh PostgreSQL database for one benchmark run, dropped on {@link #close()} (and on JVM exit,
 * should the run be interrupted). The server is {@code SWITCHBOARD_BENCH_PG} ({@code host:port}),
 * default {@code 127.0.0.1:5432}, user postgres.
 */
public final class BenchDatabase implements AutoCloseable {
  /** Settings for a bench process: valid but fake Twilio credentials (telephony-sim checks them). */
  public static final String ACCOUNT_SID = "AC" + "00000000000000000000000000be0c11";
  public static final String AUTH_TOKEN = "bench-auth-token-0123456789abcdef";
  public static final String API_KEY = "SK" + "00000000000000000000000000be0c11";
  public static final String API_SECRET = "bench-api-secret-with-at-least-32-bytes!";
  public static final String TWIML_APP_SID = "AP" + "00000000000000000000000000be0c11";
  public static final String JWT_SECRET = "bench-jwt-secret-that-is-long-enough-0123456789";
  public static final Credentials CREDENTIALS =
      new Credentials(ACCOUNT_SID, AUTH_TOKEN, API_KEY, API_SECRET, TWIML_APP_SID, JWT_SECRET);

  private final String hostPort;
  private final String name;
  private final Thread dropOnExit;
  private boolean dropped;

  private BenchDatabase(String hostPort, String name) {
    this.hostPort = hostPort;
    this.name = name;
    this.dropOnExit = new Thread(this::dropQuietly, "bench-db-drop");
  }

  public static BenchDatabase create(String bench) throws SQLException {
    String env = System.getenv("SWITCHBOARD_BENCH_PG");
    String hostPort = env == null || env.isBlank() ? "127.0.0.1:5432" : env;
    String name = "sbbench_" + bench + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    BenchDatabase db = new BenchDatabase(hostPort, name);
    db.execute("CREATE DATABASE " + name);
    CpuMeter.measurePostgres(db.postmasterPid(), name);
    Runtime.getRuntime().addShutdownHook(db.dropOnExit);
    return db;
  }

  public String url() {
    return "postgresql://postgres@" + hostPort + "/" + name;
  }

  /** Every setting a Switchboard process could require, on this database, HTTP on a free port. */
  public Map<String, String> settings() {
    return settings(url());
  }

  /** {@link #settings()} for the database at {@code url} (a bench server process gets the URL). */
  public static Map<String, String> settings(String url) {
    Map<String, String> values = new HashMap<>();
    values.put("SWITCHBOARD_PG_URL", url);
    values.put("SWITCHBOARD_HTTP_PORT", "0");
    values.put("SWITCHBOARD_PUBLIC_URL", "http://127.0.0.1:8080");
    values.putAll(CREDENTIALS.settings());
    return values;
  }

  public SwitchboardConfig config(Map<String, String> overrides) {
    Map<String, String> values = settings();
    values.putAll(overrides);
    return ConfigLoader.load(values, List.of());
  }

  @Override
  public void close() {
    dropQuietly();
    try {
      Runtime.getRuntime().removeShutdownHook(dropOnExit);
    } catch (IllegalStateException e) {
      // Already shutting down: the hook runs (or ran) the drop.
    }
  }

  private synchronized void dropQuietly() {
    if (dropped) {
      return;
    }
    try {
      execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      dropped = true;
    } catch (SQLException e) {
      System.err.println("bench: could not drop database " + name + ": " + e.getMessage());
    }
  }

  /** The process id of the PostgreSQL server (postmaster) that serves this database, or -1 if not on this machine. */
  private long postmasterPid() throws SQLException {
    try (Connection conn = DriverManager.getConnection("jdbc:postgresql://" + hostPort + "/postgres", "postgres", "");
        Statement st = conn.createStatement();
        ResultSet rows = st.executeQuery("SELECT pg_backend_pid()")) {
      rows.next();
      return CpuMeter.parentPid(rows.getLong(1));
    }
  }

  private void execute(String sql) throws SQLException {
    try (Connection conn = DriverManager.getConnection("jdbc:postgresql://" + hostPort + "/postgres", "postgres", "");
        Statement st = conn.createStatement()) {
      st.execute(sql);
    }
  }
}
