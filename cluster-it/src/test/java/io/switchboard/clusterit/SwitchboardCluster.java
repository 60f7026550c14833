package io.switchboard.clusterit;

import io.switchboard.common.testing.TestConfigs;
import io.switchboard.common.testing.TestDatabase;
import io.switchboard.common.twilio.TwilioPaths;
import io.switchboard.sim.SimOptions;
import io.switchboard.sim.TelephonySim;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Switchboard's services as separate processes from the real jar, clustered over Hazelcast on
 * loopback under a cluster name of their own, with telephony-sim in this JVM calling the webhook
 * process over HTTP. Every process it started (a killed one too) leaves its logs in {@link #LOGS}.
 */
final class SwitchboardCluster implements AutoCloseable {
  static final double SCALE = 0.1;
  static final Path LOGS = Path.of("target", "cluster-it-logs");

  final TelephonySim sim;
  /** The port of the process Twilio's webhooks go to (the sim is told its URL before it starts). */
  final int voicePort;
  private final Path clusterXml;
  private final Map<String, String> env;
  private final Map<String, JarProcess> processes = new LinkedHashMap<>();
  private final List<JarProcess> everyProcess = new CopyOnWriteArrayList<>();

  private SwitchboardCluster(TelephonySim sim, int voicePort, Path clusterXml, Map<String, String> env) {
    this.sim = sim;
    this.voicePort = voicePort;
    this.clusterXml = clusterXml;
    this.env = env;
  }

  /** The sim and the settings every process gets ({@code settings} added); no process started yet. */
  static SwitchboardCluster create(Vertx vertx, TestDatabase db, Map<String, String> settings) throws IOException {
    String clusterName = "cluster-it-" + UUID.randomUUID().toString().substring(0, 8);
    Path clusterXml = Files.createTempFile("cluster-it", ".xml");
    String xml = Files.readString(Path.of(System.getProperty("switchboard.clusterXml")), StandardCharsets.UTF_8);
    Files.writeString(clusterXml, xml.replace("<cluster-name>switchboard</cluster-name>",
        "<cluster-name>" + clusterName + "</cluster-name>"));

    int voicePort = JarProcess.freePort();
    String publicUrl = "http://127.0.0.1:" + voicePort;
    TelephonySim sim = TelephonySim.start(vertx, SimOptions.forTest(TestConfigs.ACCOUNT_SID, TestConfigs.AUTH_TOKEN,
            TestConfigs.API_KEY, TestConfigs.API_SECRET, SCALE)
        .withVoiceUrl(URI.create(publicUrl + TwilioPaths.VOICE))
        .withStatusCallbackUrl(URI.create(publicUrl + TwilioPaths.CALL_STATUS))
        // Twilio waits 15 s (real time) for a webhook: 150 simulated seconds at this scale.
        .withWebhookTimeout(Duration.ofSeconds(150))).await();

    Map<String, String> env = new HashMap<>(TestConfigs.values(db.url()));
    env.putAll(Map.of(
        "SWITCHBOARD_PUBLIC_URL", publicUrl,
        "SWITCHBOARD_CLUSTER", "true",
        "SWITCHBOARD_CLUSTER_CONFIG", clusterXml.toString(),
        "TWILIO_API_BASE_URL", sim.baseUrl(),
        "SIM_TIME_SCALE", Double.toString(SCALE)));
    env.putAll(settings);
    return new SwitchboardCluster(sim, voicePort, clusterXml, env);
  }

  /** Starts {@code java -jar switchboard.jar <args>} as {@code name} on a free port (replacing a process of that name). */
  JarProcess start(String name, String... args) throws IOException {
    return start(name, JarProcess.freePort(), args);
  }

  JarProcess start(String name, int port, String... args) throws IOException {
    Map<String, String> own = new HashMap<>(env);
    own.put("SWITCHBOARD_HTTP_PORT", Integer.toString(port));
    JarProcess process = JarProcess.start(name, own, args);
    processes.put(name, process);
    everyProcess.add(process);
    return process;
  }

  JarProcess process(String name) {
    return processes.get(name);
  }

  /** The names of the processes running now, in the order they were first started. */
  Set<String> names() {
    return processes.keySet();
  }

  void awaitReady(Duration within) throws Exception {
    for (JarProcess p : processes.values()) {
      p.awaitReady(within);
    }
  }

  /** Event-bus requests the services sent again after a delivery failure, as their logs say. */
  long resent() throws IOException {
    long resent = 0;
    for (JarProcess p : everyProcess) {
      resent += p.countLines("sending it again");
    }
    return resent;
  }

  /** Saves every process's logs and stops it. */
  @Override
  public void close() throws IOException {
    for (JarProcess p : everyProcess) {
      p.saveLogs(LOGS);
      p.close();
    }
    Files.deleteIfExists(clusterXml);
  }
}
