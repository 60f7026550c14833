package io.switchboard.hardening;

import io.switchboard.bridge.DashboardBridgeModule;
import io.switchboard.claims.ClaimServiceModule;
import io.switchboard.common.config.ConfigLoader;
import io.switchboard.common.config.SwitchboardConfig;
import io.switchboard.common.db.Database;
import io.switchboard.common.service.ServiceModule;
import io.switchboard.common.twilio.TwilioPaths;
import io.switchboard.launcher.SwitchboardProcess;
import io.switchboard.parking.ParkingServiceModule;
import io.switchboard.presence.PresenceServiceModule;
import io.switchboard.sim.SimOptions;
import io.switchboard.sim.TelephonySim;
import io.switchboard.voice.VoiceWebhookModule;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole of Switchboard as it runs in production (the five services in one process, one HTTP
 * port, real PostgreSQL) with telephony-sim playing Twilio on its own Vert.x instance, which also
 * plays "the outside world": every test client (HTTP, WebSocket) runs there, never on the
 * server's event loops. Two organizations are seeded so cross-org access can be tried.
 */
public final class Stack implements AutoCloseable {
  /** The outside world: telephony-sim and every client. */
  public final Vertx outside;
  public final TelephonySim sim;
  public final SwitchboardProcess process;
  public final SwitchboardConfig config;
  public final Seed.Orgs orgs;
  /** A pool straight to PostgreSQL (not through any fault proxy), for checks. */
  public final Pool checks;
  public final Api api;

  private Stack(Vertx outside, TelephonySim sim, SwitchboardProcess process, SwitchboardConfig config,
      Seed.Orgs orgs, Pool checks) {
    this.outside = outside;
    this.sim = sim;
    this.process = process;
    this.config = config;
    this.orgs = orgs;
    this.checks = checks;
    this.api = new Api(outside, process.httpPort(), 64);
  }

  /** The five production services, as {@code switchboard all} runs them. */
  public static List<ServiceModule> services() {
    return List.of(new ClaimServiceModule(), new PresenceServiceModule(), new ParkingServiceModule(),
        new VoiceWebhookModule(), new DashboardBridgeModule());
  }

  /**
   * Starts everything. {@code values}: complete settings (the Twilio account is played by the sim);
   * HTTP port, public URL and Twilio base URL are filled in here. {@code directPgUrl}: the database
   * itself, for checks, when {@code values} points the services through a proxy (else the same URL).
   */
  public static Stack start(Map<String, String> values, String directPgUrl, double timeScale, int agentsPerOrg) {
    Map<String, String> settings = new HashMap<>(values);
    int port = freePort();
    String publicUrl = "http://127.0.0.1:" + port;
    Vertx outside = Vertx.vertx();
    try {
      SwitchboardConfig base = ConfigLoader.load(settings, List.of());
      SwitchboardConfig.Twilio twilio = base.twilio();
      TelephonySim sim = TelephonySim.start(outside, new SimOptions("127.0.0.1", 0, timeScale,
          URI.create(publicUrl + TwilioPaths.VOICE), URI.create(publicUrl + TwilioPaths.CALL_STATUS),
          twilio.accountSid(), twilio.authToken(), twilio.apiKey(), twilio.apiSecret(), null)).await();
      settings.put("SWITCHBOARD_HTTP_PORT", Integer.toString(port));
      settings.put("SWITCHBOARD_PUBLIC_URL", publicUrl);
      settings.put("TWILIO_API_BASE_URL", sim.baseUrl());
      settings.put("SIM_TIME_SCALE", Double.toString(timeScale));
      SwitchboardConfig config = ConfigLoader.load(settings, List.of());
      SwitchboardProcess process = SwitchboardProcess.start(config, services()).await();
      Pool checks = Database.pool(outside, config.withDatabaseUrl(directPgUrl).database());
      Seed.Orgs orgs = Seed.seed(checks, agentsPerOrg).await();
      return new Stack(outside, sim, process, config, orgs, checks);
    } catch (RuntimeException e) {
      outside.close();
      throw e;
    }
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + process.httpPort();
  }

  public int port() {
    return process.httpPort();
  }

  /** One number from the database, e.g. {@code count("SELECT count(*) FROM claims.calls")}. */
  public long count(String sql) {
    return checks.query(sql).execute().await().iterator().next().getLong(0);
  }

  /** A fingerprint of every row the services own, to prove a request stored nothing. */
  public String fingerprint() {
    StringBuilder all = new StringBuilder();
    for (String table : List.of("claims.calls", "claims.call_claims", "claims.ring_events", "voice.voicemails",
        "voice.call_routes", "parking.parked_calls")) {
      all.append(table).append('=').append(checks.query("SELECT count(*) AS n, coalesce(md5(string_agg(t::text, '|'"
          + " ORDER BY t::text)), '') AS h FROM " + table + " t").execute().await().iterator().next().toJson())
          .append('\n');
    }
    return all.toString();
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port", e);
    }
  }

  @Override
  public void close() {
    try {
      process.stop();
    } catch (Exception e) {
      // stopping anyway
    } finally {
      outside.close().await();
    }
  }
}
