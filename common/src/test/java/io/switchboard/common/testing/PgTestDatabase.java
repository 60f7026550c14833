package io.switchboard.common.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test class its own fresh database on the local PostgreSQL ({@code 127.0.0.1:5432},
 * user postgres, or {@code SWITCHBOARD_TEST_PG} as {@code host:port}) and drops it afterwards, so
 * test classes never see each other's rows. A class marked {@link EachTest} gets a fresh database
 * for every test method instead. Inject {@link TestDatabase} into a test or lifecycle method.
 */
public final class PgTestDatabase implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
    AfterEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(PgTestDatabase.class);

  /**
   * One database per test method: for end-to-end tests whose whole process (timers, webhooks in
   * flight) may still write while it shuts down, so nothing one test leaves can fail the next.
   */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  public @interface EachTest {}

  public static String serverHostPort() {
    String env = System.getenv("SWITCHBOARD_TEST_PG");
    return env == null || env.isBlank() ? "127.0.0.1:5432" : env;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws SQLException {
    if (!eachTest(context)) {
      create(context);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws SQLException {
    drop(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) throws SQLException {
    if (eachTest(context)) {
      create(context);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws SQLException {
    // Runs after the test's @AfterEach methods, which close what used the database.
    if (eachTest(context)) {
      drop(context);
    }
  }

  private static boolean eachTest(ExtensionContext context) {
    return context.getRequiredTestClass().isAnnotationPresent(EachTest.class);
  }

  private static void create(ExtensionContext context) throws SQLException {
    String cls = context.getRequiredTestClass().getSimpleName().toLowerCase(Locale.ROOT);
    String name = "sbt_" + cls.substring(0, Math.min(cls.length(), 30)) + "_"
        + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    execute("CREATE DATABASE " + name);
    String url = "postgresql://postgres@" + serverHostPort() + "/" + name;
    context.getStore(NS).put("db", new TestDatabase(name, url));
  }

  /** Drops the database this context created, if any (a method's, or a class's). */
  private static void drop(ExtensionContext context) throws SQLException {
    TestDatabase db = context.getStore(NS).remove("db", TestDatabase.class);
    if (db != null) {
      execute("DROP DATABASE IF EXISTS " + db.name() + " WITH (FORCE)");
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestDatabase.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ExtensionContext root = context;
    TestDatabase db = null;
    while (root != null && db == null) {
      db = root.getStore(NS).get("db", TestDatabase.class);
      root = root.getParent().orElse(null);
    }
    if (db == null) {
      throw new IllegalStateException("PgTestDatabase must be registered on the test class");
    }
    return db;
  }

  private static void execute(String sql) throws SQLException {
    String jdbc = "jdbc:postgresql://" + serverHostPort() + "/postgres";
    try (Connection conn = DriverManager.getConnection(jdbc, "postgres", "");
        Statement st = conn.createStatement()) {
      st.execute(sql);
    }
  }
}
