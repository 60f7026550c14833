package io.switchboard.sim;

import io.switchboard.common.config.SwitchboardConfig;
import io.switchboard.common.twilio.TwilioPaths;
import java.net.URI;
import java.time.Duration;

/**
 * How one simulator runs: where it listens, the account it plays, where new calls' webhooks go,
 * and its time scale (every simulated duration is multiplied by it: 0.01 runs a 30 s ring
 * timeout in 0.3 s).
 *
 * @param voiceUrl the default voice URL of every number (a number may override it)
 * @param statusCallbackUrl the default status callback of every number (only "completed", as a
 *     Twilio number's status callback), or null
 * @param webhookTimeout how long a webhook may take before it counts as failed (Twilio: 15 s), real
 *     time (the application's work is not simulated); null for Twilio's 15 s
 */
public record SimOptions(String host, int port, double timeScale, URI voiceUrl, URI statusCallbackUrl,
    String accountSid, String authToken, String apiKey, String apiSecret, Duration webhookTimeout) {

  /** Twilio waits at most 15 s for a webhook's answer. */
  public static final Duration TWILIO_WEBHOOK_TIMEOUT = Duration.ofSeconds(15);

  public SimOptions {
    if (timeScale <= 0) {
      throw new IllegalArgumentException("timeScale must be above 0");
    }
    if (accountSid == null || authToken == null) {
      throw new IllegalArgumentException("accountSid and authToken are required");
    }
    if (webhookTimeout == null) {
      webhookTimeout = TWILIO_WEBHOOK_TIMEOUT;
    }
    if (host == null) {
      host = "127.0.0.1";
    }
  }

  /** For tests: port 0 on loopback, the given scale, no voice URL yet. */
  public static SimOptions forTest(String accountSid, String authToken, String apiKey, String apiSecret,
      double timeScale) {
    return new SimOptions("127.0.0.1", 0, timeScale, null, null, accountSid, authToken, apiKey, apiSecret, null);
  }

  /**
   * From the process configuration. The numbers' status callback is the voice webhook's sibling
   * {@link TwilioPaths#CALL_STATUS}, as Switchboard's numbers are configured on Twilio.
   */
  public static SimOptions from(SwitchboardConfig config) {
    SwitchboardConfig.Twilio twilio = config.twilio();
    SwitchboardConfig.Sim sim = config.sim();
    URI voice = sim.webhookUrl();
    URI status = voice == null ? null : voice.resolve(TwilioPaths.CALL_STATUS);
    return new SimOptions("0.0.0.0", sim.port(), sim.timeScale(), voice, status, twilio.accountSid(),
        twilio.authToken(), twilio.apiKey(), twilio.apiSecret(), null);
  }

  public SimOptions withVoiceUrl(URI url) {
    return new SimOptions(host, port, timeScale, url, statusCallbackUrl, accountSid, authToken, apiKey, apiSecret,
        webhookTimeout);
  }

  public SimOptions withStatusCallbackUrl(URI url) {
    return new SimOptions(host, port, timeScale, voiceUrl, url, accountSid, authToken, apiKey, apiSecret,
        webhookTimeout);
  }

  public SimOptions withWebhookTimeout(Duration timeout) {
    return new SimOptions(host, port, timeScale, voiceUrl, statusCallbackUrl, accountSid, authToken, apiKey,
        apiSecret, timeout);
  }
}
