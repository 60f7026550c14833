package io.switchboard.e2e;

import io.switchboard.bridge.DashboardBridgeModule;
import io.switchboard.bridge.admin.DemoDirectory;
import io.switchboard.claims.ClaimServiceModule;
import io.switchboard.common.bus.Addresses;
import io.switchboard.common.config.SwitchboardConfig;
import io.switchboard.common.service.ServiceModule;
import io.switchboard.common.testing.TestDatabase;
import io.switchboard.launcher.SwitchboardProcess;
import io.switchboard.parking.ParkingServiceModule;
import io.switchboard.presence.PresenceServiceModule;
import io.switchboard.sim.SimCall;
import io.switchboard.sim.SimOptions;
import io.switchboard.sim.TelephonySim;
import io.switchboard.voice.VoiceWebhookModule;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The whole of Switchboard as {@code switchboard demo} runs it, in this JVM: the five services in one
 * {@link SwitchboardProcess} on a fresh database, telephony-sim on its own port (started here so tests
 * can place calls through its Java API), and the demo directory (org {@code demo}, number
 * {@link DemoDirectory#NUMBER}, agents ann, ben, cat). Ports are picked free; times are scaled so a
 * ring timeout takes seconds, not half a minute.
 */
public final class E2eSystem implements AutoCloseable {
  /** Simulated time runs 20 times faster than the wall clock. */
  public static final double TIME_SCALE = 0.05;
  /**
   * Ring timeout in simulated seconds: {@code RING_TIMEOUT_SECONDS * TIME_SCALE} = 10 s of real time. At 4 s
   * a loaded machine's three browsers could not all show a call and click Answer before it went to voicemail.
   */
  public static final int RING_TIMEOUT_SECONDS = 200;
  /** An agent without a dashboard goes offline after this (wall clock). */
  public static final int PRESENCE_GRACE_SECONDS = 2;

  private static final AtomicInteger CALLERS = new AtomicInteger();

  public final SwitchboardProcess process;
  public final TelephonySim sim;
  public final SwitchboardConfig config;
  public final String baseUrl;
  /** Every delta published on the demo org's board, with the time it was seen (for failure reports). */
  private final ConcurrentLinkedDeque<String> boardLog =
      new ConcurrentLinkedDeque<>();

  private E2eSystem(SwitchboardProcess process, TelephonySim sim, SwitchboardConfig config, String baseUrl) {
    this.process = process;
    this.sim = sim;
    this.config = config;
    this.baseUrl = baseUrl;
    process.vertx().eventBus().<JsonObject>consumer(
        Addresses.board(DemoDirectory.ORG_ID), m -> {
          boardLog.add(LocalTime.now() + " " + m.body().encode());
          while (boardLog.size() > 400) {
            boardLog.pollFirst();
          }
        });
  }

  /** The latest board deltas, oldest first. */
  public List<String> recentBoardDeltas() {
    return List.copyOf(boardLog);
  }

  public static E2eSystem start(TestDatabase db) {
    return start(db, Map.of());
  }

  /** Starts everything on {@code db}; {@code overrides} replace any setting (e.g. the park timeout). */
  public static E2eSystem start(TestDatabase db, Map<String, String> overrides) {
    int httpPort = freePort();
    int simPort = freePort();
    String baseUrl = "http://127.0.0.1:" + httpPort;
    Map<String, String> values = new HashMap<>();
    values.put("SWITCHBOARD_HTTP_PORT", Integer.toString(httpPort));
    values.put("SWITCHBOARD_PUBLIC_URL", baseUrl);
    values.put("TWILIO_API_BASE_URL", "http://127.0.0.1:" + simPort);
    values.put("SIM_PORT", Integer.toString(simPort));
    values.put("SIM_TIME_SCALE", Double.toString(TIME_SCALE));
    values.put("SIM_WEBHOOK_URL", baseUrl + "/twilio/voice");
    values.put("SWITCHBOARD_RING_TIMEOUT_SECONDS", Integer.toString(RING_TIMEOUT_SECONDS));
    values.put("SWITCHBOARD_PRESENCE_GRACE_SECONDS", Integer.toString(PRESENCE_GRACE_SECONDS));
    values.putAll(overrides);
    SwitchboardConfig config = db.config(values);
    SwitchboardProcess process = SwitchboardProcess.start(config, services()).await();
    try {
      SimOptions fromConfig = SimOptions.from(config);
      // as the launcher's telephony-sim module starts it, but on loopback and with a handle for the tests
      TelephonySim sim = TelephonySim.start(process.vertx(), new SimOptions("127.0.0.1", simPort,
          fromConfig.timeScale(), fromConfig.voiceUrl(), fromConfig.statusCallbackUrl(), fromConfig.accountSid(),
          fromConfig.authToken(), fromConfig.apiKey(), fromConfig.apiSecret(), null)).await();
      DemoDirectory.ensure(process.vertx(), process.pool()).await();
      return new E2eSystem(process, sim, config, baseUrl);
    } catch (RuntimeException e) {
      stopQuietly(process);
      throw e;
    }
  }

  /** What {@code switchboard demo} deploys, minus telephony-sim (started separately above). */
  private static List<ServiceModule> services() {
    return List.of(new ClaimServiceModule(), new PresenceServiceModule(), new ParkingServiceModule(),
        new VoiceWebhookModule(), new DashboardBridgeModule());
  }

  /** A caller number no other call of this run used, so each call is recognisable on the board. */
  public static String newCaller() {
    return String.format("+1555200%04d", CALLERS.incrementAndGet());
  }

  /** A caller dials the demo number; returns the caller's call once telephony-sim has it. */
  public SimCall call(String from) {
    return sim.inboundCall(from, DemoDirectory.NUMBER).await();
  }

  /** Real-time length of {@code simulatedSeconds} of simulated time. */
  public static Duration scaled(double simulatedSeconds) {
    return Duration.ofMillis(Math.round(simulatedSeconds * TIME_SCALE * 1000));
  }

  @Override
  public void close() {
    try {
      sim.close().await();
    } catch (RuntimeException ignored) {
      // the process stop below closes what is left
    }
    stopQuietly(process);
  }

  private static void stopQuietly(SwitchboardProcess process) {
    try {
      process.stop();
    } catch (Exception ignored) {
      // the JVM of the test run ends soon; the database is dropped by PgTestDatabase
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port", e);
    }
  }
}
