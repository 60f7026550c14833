package io.switchboard.hardening;

import io.switchboard.common.config.ConfigLoader;
import io.switchboard.common.config.SwitchboardConfig;
import io.switchboard.common.db.Database;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code switchboard soak --minutes N [--agents A] [--call-every-ms M]}: the soak of the test suite,
 * as long as asked, on a fresh database of its own ({@code switchboard_soak_<time>}, dropped at the
 * end) on the PostgreSQL of {@code SWITCHBOARD_PG_URL} (default: local). Prints the figures and exits
 * non-zero when rows leaked or the server answered 5xx.
 */
public final class SoakMain {
  private SoakMain() {}

  public static void main(String[] argv) throws Exception {
    // Before the first logger exists: the launcher's logback.xml picks its format from this property.
    System.setProperty("switchboard.log.format", "text");
    double minutes = 30;
    int agents = 6;
    long callEveryMs = 700;
    for (int i = 0; i < argv.length; i++) {
      switch (argv[i]) {
        case "soak" -> { }
        case "--minutes" -> minutes = Double.parseDouble(argv[++i]);
        case "--agents" -> agents = Integer.parseInt(argv[++i]);
        case "--call-every-ms" -> callEveryMs = Long.parseLong(argv[++i]);
        default -> {
          System.err.println("usage: switchboard soak [--minutes N] [--agents A] [--call-every-ms M]");
          System.exit(64);
        }
      }
    }
    String server = System.getenv().getOrDefault("SWITCHBOARD_PG_URL", "postgresql://postgres@127.0.0.1:5432/switchboard");
    String url = server.replaceAll("/[^/]*$", "") + "/switchboard_soak_" + System.currentTimeMillis();
    Map<String, String> values = settings(url);
    Stack stack = Stack.start(values, url, 0.1, Math.max(agents, 2));
    int code;
    try {
      Soak.Report report = new Soak(stack, new Soak.Options(Duration.ofSeconds(Math.round(minutes * 60)), agents,
          callEveryMs, 42)).run();
      System.out.print(report.block());
      code = report.leakedRows() == 0 && report.serverErrors() == 0 ? 0 : 1;
    } finally {
      stack.close();
      dropDatabase(values);
    }
    System.exit(code);
  }

  /** A complete configuration for a local soak: the simulator plays a made-up Twilio account. */
  static Map<String, String> settings(String pgUrl) {
    Map<String, String> values = new HashMap<>();
    values.put("SWITCHBOARD_PG_URL", pgUrl);
    values.put("SWITCHBOARD_PUBLIC_URL", "http://127.0.0.1:1");
    values.put("SWITCHBOARD_JWT_SECRET", "soak-jwt-secret-only-for-this-local-run-0123456789");
    values.put("TWILIO_ACCOUNT_SID", "AC" + "50a50a50a50a50a50a50a50a50a50a50");
    values.put("TWILIO_AUTH_TOKEN", "soak-auth-token-for-the-simulator");
    values.put("TWILIO_API_KEY", "SK" + "50a50a50a50a50a50a50a50a50a50a50");
    values.put("TWILIO_API_SECRET", "soak-api-secret-for-the-simulator-0123");
    values.put("TWILIO_TWIML_APP_SID", "AP" + "50a50a50a50a50a50a50a50a50a50a50");
    values.put("SWITCHBOARD_LOG_FORMAT", "text");
    return values;
  }

  private static void dropDatabase(Map<String, String> values) {
    SwitchboardConfig config = ConfigLoader.load(values, List.of());
    var target = Database.connectOptions(config.database());
    Vertx vertx = Vertx.vertx();
    try {
      var admin = PgBuilder.pool().connectingTo(new PgConnectOptions(target)
          .setDatabase("postgres")).using(vertx).build();
      admin.query("DROP DATABASE IF EXISTS " + target.getDatabase() + " WITH (FORCE)").execute().await();
      admin.close().await();
    } catch (RuntimeException e) {
      System.err.println("switchboard soak: could not drop " + target.getDatabase() + ": " + e.getMessage());
    } finally {
      vertx.close().await();
    }
  }
}
