package io.switchboard.common.config;

import java.time.Duration;

/**
 * Service timers that race the telephone network's own clock (a queued caller's ring timeout, a park
 * timeout) must run on the same clock. Against real Twilio that is wall-clock time; against
 * telephony-sim it is the simulator's scaled time ({@code SIM_TIME_SCALE}), so a 5-minute park
 * timeout takes 3 s in a test at scale 0.01, exactly as a 30 s {@code <Dial timeout>} does.
 */
public final class TimeScale {
  private static final String TWILIO_API = "https://api.twilio.com";

  private TimeScale() {}

  /** 1.0 against Twilio; the simulator's scale when {@code TWILIO_API_BASE_URL} points elsewhere. */
  public static double of(SwitchboardConfig config) {
    if (config.twilio() == null || config.twilio().apiBaseUrl() == null || config.sim() == null) {
      return 1.0;
    }
    String base = config.twilio().apiBaseUrl().toString();
    boolean realTwilio = base.equals(TWILIO_API) || base.equals(TWILIO_API + "/");
    return realTwilio ? 1.0 : config.sim().timeScale();
  }

  /** {@code duration} on the network's clock, at least one millisecond. */
  public static Duration scaled(SwitchboardConfig config, Duration duration) {
    return Duration.ofMillis(Math.max(1, Math.round(duration.toMillis() * of(config))));
  }
}
