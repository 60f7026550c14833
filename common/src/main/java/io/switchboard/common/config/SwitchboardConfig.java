package io.switchboard.common.config;

import java.net.URI;
import java.time.Duration;

/** The whole configuration of one Switchboard process, validated by {@link ConfigLoader}. */
public record SwitchboardConfig(
    Database database,
    int httpPort,
    URI publicUrl,
    String jwtSecret,
    Duration jwtTtl,
    Cluster cluster,
    LogFormat logFormat,
    Duration requestTimeout,
    long maxBodyBytes,
    Timing timing,
    Twilio twilio,
    Smtp smtp,
    Sim sim) {

  public enum LogFormat { TEXT, JSON }

  public enum StartTls { DISABLED, OPTIONAL, REQUIRED }

  public record Database(String url, int poolSize, Duration connectTimeout) {}

  public record Cluster(boolean enabled, String configPath, String host, boolean kubernetes, String serviceDns) {}

  /**
   * {@code reconcileEvery}: how often calls and voicemails are reconciled with Twilio;
   * {@code reconcileAfter}: how long a live call may go unheard of before Twilio is asked about it.
   * Both are wall-clock time (Twilio's REST limits are), never scaled. {@code maxMissedRings}: the
   * default number of unanswered rings in a row after which an agent is put away (0: never).
   * {@code spotKeypad}: while an org has parked calls, the {@code <Gather>} timeout its inbound calls
   * listen for {@code *} and a spot with, before ringing (whole seconds, given to Twilio as they are).
   */
  public record Timing(Duration ringTimeout, Duration claimConnectTimeout, Duration presenceGrace,
      Duration wrapUp, Duration parkTimeout, Duration reconcileEvery, Duration reconcileAfter, int maxMissedRings,
      Duration spotKeypad) {}

  /** Fields are null when not set; services that need them require them at start. */
  public record Twilio(String accountSid, String authToken, String apiKey, String apiSecret,
      String twimlAppSid, URI apiBaseUrl) {}

  /** {@code host} null means notifications are logged, not sent. */
  public record Smtp(String host, int port, String username, String password, String from, StartTls startTls) {}

  public record Sim(int port, double timeScale, URI webhookUrl) {}

  /** The public URL of a path, e.g. {@code publicUrl("/twilio/voice")}; what Twilio signs. */
  public String publicUrl(String path) {
    String base = publicUrl == null ? "http://localhost:" + httpPort : publicUrl.toString();
    if (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return base + path;
  }

  public SwitchboardConfig withHttpPort(int port) {
    return new SwitchboardConfig(database, port, publicUrl, jwtSecret, jwtTtl, cluster, logFormat,
        requestTimeout, maxBodyBytes, timing, twilio, smtp, sim);
  }

  public SwitchboardConfig withDatabaseUrl(String url) {
    return new SwitchboardConfig(new Database(url, database.poolSize(), database.connectTimeout()), httpPort,
        publicUrl, jwtSecret, jwtTtl, cluster, logFormat, requestTimeout, maxBodyBytes, timing, twilio, smtp, sim);
  }
}
