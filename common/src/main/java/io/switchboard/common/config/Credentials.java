package io.switchboard.common.config;

import java.util.HashMap;
import java.util.Map;

/**
 * The credentials a Switchboard process is given: Twilio's account, API key and TwiML app, and the
 * secret that signs dashboard logins. The demo, the benchmarks and the tests each hold a set of
 * their own for telephony-sim (which checks them as Twilio does) and pass it on as settings.
 */
public record Credentials(String accountSid, String authToken, String apiKey, String apiSecret, String twimlAppSid,
    String jwtSecret) {

  /** These credentials as the settings that carry them, by environment variable name. */
  public Map<String, String> settings() {
    Map<String, String> values = new HashMap<>();
    values.put(Setting.SWITCHBOARD_JWT_SECRET.name(), jwtSecret);
    values.put(Setting.TWILIO_ACCOUNT_SID.name(), accountSid);
    values.put(Setting.TWILIO_AUTH_TOKEN.name(), authToken);
    values.put(Setting.TWILIO_API_KEY.name(), apiKey);
    values.put(Setting.TWILIO_API_SECRET.name(), apiSecret);
    values.put(Setting.TWILIO_TWIML_APP_SID.name(), twimlAppSid);
    return values;
  }

  /** Names the account only: a log line must not carry a secret. */
  @Override
  public String toString() {
    return "Credentials[accountSid=" + accountSid + ", apiKey=" + apiKey + ", twimlAppSid=" + twimlAppSid + "]";
  }
}
