package io.switchboard.bridge;

import io.switchboard.common.config.SwitchboardConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.List;

/**
 * {@code GET /api/config}: what the browser needs to pick its phone and show its timers. When
 * Twilio's REST base URL is not Twilio's own, the process talks to telephony-sim, so the browser
 * must use the simulated phone at the same host.
 */
final class ClientConfig {
  static final String TWILIO_API = "https://api.twilio.com";

  private ClientConfig() {}

  static boolean simulated(SwitchboardConfig config) {
    URI base = config.twilio().apiBaseUrl();
    return base != null && !TWILIO_API.equals(stripSlash(base.toString()));
  }

  /** The origin of telephony-sim, e.g. {@code http://127.0.0.1:8089}; null against real Twilio. */
  static String simOrigin(SwitchboardConfig config) {
    if (!simulated(config)) {
      return null;
    }
    URI base = config.twilio().apiBaseUrl();
    return base.getScheme() + "://" + base.getHost() + (base.getPort() == -1 ? "" : ":" + base.getPort());
  }

  static JsonObject of(SwitchboardConfig config, List<String> numbers) {
    JsonObject json = new JsonObject()
        .put("phone", simulated(config) ? "sim" : "twilio")
        .put("numbers", new JsonArray(List.copyOf(numbers)))
        .put("ringTimeoutSeconds", config.timing().ringTimeout().toSeconds())
        .put("presenceGraceSeconds", config.timing().presenceGrace().toSeconds());
    String origin = simOrigin(config);
    if (origin != null) {
      String ws = origin.startsWith("https:") ? "wss:" + origin.substring(6) : "ws:" + origin.substring(5);
      json.put("simPhoneUrl", ws + "/sim/phone").put("simControlUrl", origin + "/sim");
    }
    return json;
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
