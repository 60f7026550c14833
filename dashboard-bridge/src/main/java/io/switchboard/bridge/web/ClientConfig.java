package io.switchboard.bridge.web;

import io.switchboard.common.config.SwitchboardConfig;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.HostAndPort;
import java.net.URI;
import java.util.List;

/**
 * {@code GET /api/config}: what the browser needs to pick its phone and show its timers. When
 * Twilio's REST base URL is not Twilio's own, the process talks to telephony-sim, so the browser
 * must use the simulated phone: at the page's own origin, which forwards it to the simulator
 * ({@link SimProxy}), so it works wherever the board was opened from.
 */
public final class ClientConfig {
  static final String TWILIO_API = "https://api.twilio.com";

  private ClientConfig() {}

  public static boolean simulated(SwitchboardConfig config) {
    URI base = config.twilio().apiBaseUrl();
    return base != null && !TWILIO_API.equals(stripSlash(base.toString()));
  }

  /** The origin of telephony-sim, e.g. {@code http://127.0.0.1:8089}; null against real Twilio. */
  public static String simOrigin(SwitchboardConfig config) {
    if (!simulated(config)) {
      return null;
    }
    URI base = config.twilio().apiBaseUrl();
    return base.getScheme() + "://" + base.getHost() + (base.getPort() == -1 ? "" : ":" + base.getPort());
  }

  /** {@code pageOrigin}: the origin the browser reached this bridge at, e.g. {@code http://10.0.0.5:8080}. */
  public static JsonObject of(SwitchboardConfig config, List<String> numbers, String pageOrigin) {
    JsonObject json = new JsonObject()
        .put("phone", simulated(config) ? "sim" : "twilio")
        .put("numbers", new JsonArray(List.copyOf(numbers)))
        .put("ringTimeoutSeconds", config.timing().ringTimeout().toSeconds())
        .put("presenceGraceSeconds", config.timing().presenceGrace().toSeconds());
    if (simulated(config)) {
      String ws = pageOrigin.startsWith("https:") ? "wss:" + pageOrigin.substring(6) : "ws:" + pageOrigin.substring(5);
      json.put("simPhoneUrl", ws + "/sim/phone").put("simControlUrl", pageOrigin + "/sim");
    }
    return json;
  }

  /** The origin of the request as the browser addressed it (its Host, and the scheme a proxy reports). */
  public static String pageOrigin(HttpServerRequest request) {
    String forwarded = request.getHeader("X-Forwarded-Proto");
    String scheme = "https".equalsIgnoreCase(forwarded) ? "https" : request.isSSL() ? "https" : "http";
    HostAndPort authority = request.authority();
    if (authority == null) {
      HostAndPort local = HostAndPort.create(request.localAddress().host(), request.localAddress().port());
      authority = local;
    }
    return scheme + "://" + authority.host() + (authority.port() > 0 ? ":" + authority.port() : "");
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
