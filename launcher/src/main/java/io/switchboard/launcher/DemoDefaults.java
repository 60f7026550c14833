package io.switchboard.launcher;

import io.switchboard.common.config.Credentials;
import java.util.HashMap;
import java.util.Map;

/**
 * Settings the demo fills in when the environment does not: telephony-sim plays Twilio, so the
 * Twilio credentials are the simulator's own demo account, never a real one.
 */
final class DemoDefaults {
  static final String ACCOUNT_SID = "AC" + "de000000000000000000000000000001";
  static final String AUTH_TOKEN = "demo-auth-token-not-a-real-twilio-token";
  static final String API_KEY = "SK" + "de000000000000000000000000000001";
  static final String API_SECRET = "demo-api-secret-for-the-telephony-simulator";
  static final String TWIML_APP_SID = "AP" + "de000000000000000000000000000001";
  static final String JWT_SECRET = "demo-only-jwt-secret-change-me-in-production-0123456789";
  static final Credentials CREDENTIALS =
      new Credentials(ACCOUNT_SID, AUTH_TOKEN, API_KEY, API_SECRET, TWIML_APP_SID, JWT_SECRET);

  private DemoDefaults() {}

  static Map<String, String> apply(Map<String, String> env) {
    Map<String, String> values = new HashMap<>();
    String port = env.getOrDefault("SWITCHBOARD_HTTP_PORT", "8080");
    String simPort = env.getOrDefault("SIM_PORT", "8089");
    values.put("SWITCHBOARD_PUBLIC_URL", "http://127.0.0.1:" + port);
    values.putAll(CREDENTIALS.settings());
    values.put("TWILIO_API_BASE_URL", "http://127.0.0.1:" + simPort);
    values.put("SIM_WEBHOOK_URL", "http://127.0.0.1:" + port + "/twilio/voice");
    // The demo shows retrieval of a parked call by keypad (off by default: it delays callers).
    values.put("SWITCHBOARD_SPOT_KEYPAD_SECONDS", "2");
    values.putAll(env);
    return values;
  }
}
