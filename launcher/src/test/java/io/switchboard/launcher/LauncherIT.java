package io.switchboard.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.TestConfigs;
import io.switchboard.common.testing.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PgTestDatabase.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LauncherIT {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void aMissingRequiredSettingStopsStartUpWithOneLineNamingIt(TestDatabase db) throws Exception {
    Map<String, String> env = TestConfigs.values(db.url());
    env.remove("TWILIO_AUTH_TOKEN");
    try (JarProcess p = JarProcess.start(env, "all")) {
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
      assertEquals(2, p.exitValue());
      String err = p.stderr().strip();
      assertEquals("switchboard: TWILIO_AUTH_TOKEN is required: Twilio auth token", err);
    }
  }

  @Test
  void aMalformedSettingStopsStartUpWithOneLineNamingIt(TestDatabase db) throws Exception {
    Map<String, String> env = TestConfigs.values(db.url());
    env.put("SWITCHBOARD_HTTP_PORT", "eighty");
    try (JarProcess p = JarProcess.start(env, "claim-service")) {
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
      assertEquals(2, p.exitValue());
      String err = p.stderr().strip();
      assertTrue(err.startsWith("switchboard: SWITCHBOARD_HTTP_PORT must be"), err);
      assertFalse(err.contains("\n"), "one line, no stack trace: " + err);
    }
  }

  @Test
  void anUnreachableDatabaseStopsStartUpWithinTenSeconds() throws Exception {
    Map<String, String> env = TestConfigs.values("postgresql://postgres@127.0.0.1:" + JarProcess.freePort() + "/nowhere");
    long started = System.nanoTime();
    try (JarProcess p = JarProcess.start(env, "claim-service")) {
      assertTrue(p.waitFor(10, TimeUnit.SECONDS), "exited within 10 s");
      assertEquals(3, p.exitValue());
      String err = p.stderr().strip();
      assertTrue(err.startsWith("switchboard: cannot reach PostgreSQL at 127.0.0.1:"), err);
      assertFalse(err.contains("\n"), "one line: " + err);
    }
    assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(10));
  }

  @Test
  void anUnknownCommandIsRefusedWithUsage() throws Exception {
    try (JarProcess p = JarProcess.start(Map.of(), "bogus")) {
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
      assertEquals(64, p.exitValue());
      assertTrue(p.stderr().startsWith("switchboard: unknown command 'bogus'"));
    }
  }

  @Test
  void allMigratesServesHealthAndStopsCleanlyOnSigterm(TestDatabase db) throws Exception {
    int port = JarProcess.freePort();
    Map<String, String> env = new HashMap<>(TestConfigs.values(db.url()));
    env.put("SWITCHBOARD_HTTP_PORT", String.valueOf(port));
    try (JarProcess p = JarProcess.start(env, "all")) {
      int ready = awaitStatus("http://127.0.0.1:" + port + "/health/ready", 200, Duration.ofSeconds(30), p);
      assertEquals(200, ready, () -> logs(p));
      assertEquals(200, get("http://127.0.0.1:" + port + "/health/live").statusCode());
      HttpResponse<String> metrics = get("http://127.0.0.1:" + port + "/metrics");
      assertEquals(200, metrics.statusCode());
      assertTrue(metrics.body().contains("jvm_memory_used_bytes"), "Prometheus text with JVM meters");
      assertTrue(metrics.body().contains("vertx_http_server_requests_total"), "Vert.x HTTP meters");

      p.terminate();
      assertTrue(p.waitFor(20, TimeUnit.SECONDS), "stopped after SIGTERM");
      assertTrue(p.stdout().contains("stopped"), () -> logs(p));
      assertFalse(p.stdout().contains("Exception") || p.stderr().contains("Exception"), () -> logs(p));
    }
  }

  @Test
  void aSecondStartOnTheSameDatabaseReusesItsSchemas(TestDatabase db) throws Exception {
    for (int run = 0; run < 2; run++) {
      int port = JarProcess.freePort();
      Map<String, String> env = new HashMap<>(TestConfigs.values(db.url()));
      env.put("SWITCHBOARD_HTTP_PORT", String.valueOf(port));
      try (JarProcess p = JarProcess.start(env, "claim-service")) {
        assertEquals(200, awaitStatus("http://127.0.0.1:" + port + "/health/ready", 200, Duration.ofSeconds(30), p),
            () -> logs(p));
        p.terminate();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
      }
    }
  }

  @Test
  void clusterFlagJoinsTheHazelcastClusterAndLogsAsJsonWhenAsked(TestDatabase db) throws Exception {
    // A private copy of cluster.xml with its own cluster name, so no other run on this machine joins.
    Path xml = Files.createTempFile("cluster", ".xml");
    String original = new String(getClass().getResourceAsStream("/cluster.xml").readAllBytes(),
        StandardCharsets.UTF_8);
    Files.writeString(xml, original.replace("<cluster-name>switchboard</cluster-name>",
        "<cluster-name>launcher-it-" + System.nanoTime() + "</cluster-name>"));
    int port = JarProcess.freePort();
    Map<String, String> env = new HashMap<>(TestConfigs.values(db.url()));
    env.put("SWITCHBOARD_HTTP_PORT", String.valueOf(port));
    env.put("SWITCHBOARD_CLUSTER_CONFIG", xml.toString());
    env.put("SWITCHBOARD_LOG_FORMAT", "json");
    try (JarProcess p = JarProcess.start(env, "claim-service", "--cluster")) {
      String url = "http://127.0.0.1:" + port + "/health/ready";
      assertEquals(200, awaitStatus(url, 200, Duration.ofSeconds(60), p), () -> logs(p));
      JsonObject health = new JsonObject(get(url).body());
      assertTrue(health.getJsonArray("checks").stream()
          .map(c -> (JsonObject) c)
          .anyMatch(c -> "cluster".equals(c.getString("id")) && "UP".equals(c.getString("status"))), health::encode);
      p.terminate();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
      long lines = p.stdout().lines().filter(l -> !l.isBlank()).count();
      assertTrue(lines > 0);
      for (String line : p.stdout().lines().filter(l -> !l.isBlank()).toList()) {
        assertTrue(new JsonObject(line).containsKey("message"), "JSON log line: " + line);
      }
    } finally {
      Files.deleteIfExists(xml);
    }
  }

  @Test
  void theDemoSeedsItsOrgPrintsTheLoginsAndASecondRunReusesTheData(TestDatabase db) throws Exception {
    for (int run = 1; run <= 2; run++) {
      int port = JarProcess.freePort();
      Map<String, String> env = new HashMap<>();
      env.put("SWITCHBOARD_PG_URL", db.url());
      env.put("SWITCHBOARD_HTTP_PORT", String.valueOf(port));
      env.put("SIM_PORT", String.valueOf(JarProcess.freePort()));
      try (JarProcess p = JarProcess.start(env, "demo")) {
        // A first start creates and migrates every schema: on a busy 2-core machine that alone takes ~10 s.
        assertEquals(200, awaitStatus("http://127.0.0.1:" + port + "/health/ready", 200, Duration.ofSeconds(90), p),
            () -> logs(p));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!p.stdout().contains("demo-ann") && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        assertTrue(p.stdout().contains("Switchboard demo: open http://localhost:" + port), () -> logs(p));
        assertTrue(p.stdout().contains("ann@demo.switchboard.test"), () -> logs(p));
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/login"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(
                "{\"email\":\"ann@demo.switchboard.test\",\"password\":\"demo-ann\"}"))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, login.statusCode(), login.body());
        assertTrue(login.body().contains("\"token\""));
        p.terminate();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertFalse(p.stderr().contains("switchboard:"), () -> "run " + " failed: " + logs(p));
        // A newcomer's first and second start and Ctrl-C print nothing that looks like a fault.
        String output = p.stdout() + p.stderr();
        int thisRun = run;
        for (String alarming : List.of("has been already registered", "BlockedThreadChecker", "sweep failed",
            "Pool closed", "ClosedConnectionException", "WARN", "ERROR", "\u001b[")) {
          assertFalse(output.contains(alarming), () -> "run " + thisRun + " printed " + alarming + ": " + logs(p));
        }
      }
    }
  }

  private int awaitStatus(String url, int wanted, Duration within, JarProcess p) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    int last = -1;
    while (System.nanoTime() < deadline && p.isAlive()) {
      try {
        last = get(url).statusCode();
        if (last == wanted) {
          return last;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    return last;
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String logs(JarProcess p) {
    try {
      return "stdout:\n" + p.stdout() + "\nstderr:\n" + p.stderr();
    } catch (IOException e) {
      return e.toString();
    }
  }
}
