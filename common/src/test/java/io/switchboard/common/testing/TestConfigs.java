package io.switchboard.common.testing;

import io.switchboard.common.config.ConfigLoader;
import io.switchboard.common.config.Credentials;
import io.switchboard.common.config.SwitchboardConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Complete, valid settings for tests; a test overrides only what it is about. */
public final class TestConfigs {
  public static final String ACCOUNT_SID = "AC" + "0123456789abcdef0123456789abcdef";
  public static final String AUTH_TOKEN = "test-auth-token-0123456789abcdef";
  public static final String API_KEY = "SK" + "fedcba9876543210fedcba9876543210";
  public static final String API_SECRET = "test-api-secret-with-at-least-32-bytes!!";
  public static final String TWIML_APP_SID = "AP" + "00112233445566778899aabbccddeeff";
  public static final String JWT_SECRET = "test-jwt-secret-that-is-long-enough-0123456789";
  public static final Credentials CREDENTIALS =
      new Credentials(ACCOUNT_SID, AUTH_TOKEN, API_KEY, API_SECRET, TWIML_APP_SID, JWT_SECRET);

  private TestConfigs() {}

  /** Every setting a process could require, valid, on the given database URL. */
  public static Map<String, String> values(String pgUrl) {
    Map<String, String> values = new HashMap<>();
    values.put("SWITCHBOARD_PG_URL", pgUrl);
    values.put("SWITCHBOARD_HTTP_PORT", "0");
    values.put("SWITCHBOARD_PUBLIC_URL", "http://127.0.0.1:8080");
    values.putAll(CREDENTIALS.settings());
    values.put("SWITCHBOARD_PG_CONNECT_TIMEOUT_MS", "2000");
    return values;
  }

  public static SwitchboardConfig config(String pgUrl) {
    return ConfigLoader.load(values(pgUrl), List.of());
  }

  public static SwitchboardConfig config(String pgUrl, Map<String, String> overrides) {
    Map<String, String> values = values(pgUrl);
    values.putAll(overrides);
    return ConfigLoader.load(values, List.of());
  }
}
