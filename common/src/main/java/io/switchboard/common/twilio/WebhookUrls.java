package io.switchboard.common.twilio;

import io.switchboard.common.config.SwitchboardConfig;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The absolute, signed-as-is URLs of Switchboard's webhooks with their query parameters, shared by
 * the service that serves them (voice-webhook) and the services that redirect calls to them
 * (parking), so both agree on the parameter names. Parameters: {@code org} (org id), {@code callSid}
 * (the caller's PSTN CallSid), {@code agent} (agent id), {@code purpose} (claim|unpark|ringback),
 * {@code conference} (parking conference name).
 */
public final class WebhookUrls {
  private WebhookUrls() {}

  /** {@code path} under the public URL with {@code pairs} (name, value, ...) as query; null values are left out. */
  public static String of(SwitchboardConfig config, String path, String... pairs) {
    Map<String, String> query = new LinkedHashMap<>();
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      query.put(pairs[i], pairs[i + 1]);
    }
    StringBuilder url = new StringBuilder(config.publicUrl(path));
    char separator = '?';
    for (Map.Entry<String, String> e : query.entrySet()) {
      if (e.getValue() != null) {
        url.append(separator).append(encode(e.getKey())).append('=').append(encode(e.getValue()));
        separator = '&';
      }
    }
    return url.toString();
  }

  /** Where a parked caller is sent: the hold message and the parking conference. */
  public static String parkTwiml(SwitchboardConfig config, String orgId, String conferenceName) {
    return of(config, TwilioPaths.PARK_TWIML, "conference", conferenceName, "org", orgId);
  }

  /** Dial one agent for the caller {@code callSid}; {@code purpose} decides what "no answer" does. */
  public static String connect(SwitchboardConfig config, String orgId, String callSid, String agentId,
      String purpose) {
    return of(config, TwilioPaths.CONNECT, "org", orgId, "callSid", callSid, "agent", agentId, "purpose", purpose);
  }

  /** Screens {@code agentId}'s answered leg of the caller {@code callSid}; {@code purpose} may be null (the ring-all Dial). */
  public static String screen(SwitchboardConfig config, String orgId, String callSid, String agentId,
      String purpose) {
    return of(config, TwilioPaths.SCREEN, "org", orgId, "callSid", callSid, "agent", agentId, "purpose", purpose);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
