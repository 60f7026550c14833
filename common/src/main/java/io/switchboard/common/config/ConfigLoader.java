package io.switchboard.common.config;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Reads {@link SwitchboardConfig} from environment variables, optionally on top of a file of
 * {@code KEY=value} lines, and validates it. The first problem found is thrown as a
 * {@link ConfigException} naming the setting; nothing starts with a half-valid config.
 */
public final class ConfigLoader {
  /** Points at an optional {@code KEY=value} file; environment variables override it. */
  public static final String CONFIG_FILE_VARIABLE = "SWITCHBOARD_CONFIG_FILE";

  private static final Pattern ACCOUNT_SID = Pattern.compile("AC[0-9a-fA-F]{32}");
  private static final Pattern API_KEY_SID = Pattern.compile("SK[0-9a-fA-F]{32}");
  private static final Pattern APP_SID = Pattern.compile("AP[0-9a-fA-F]{32}");
  private static final int MIN_JWT_SECRET = 32;

  private final Map<String, String> values;

  private ConfigLoader(Map<String, String> values) {
    this.values = values;
  }

  /** Environment variables over the file named by {@value #CONFIG_FILE_VARIABLE}, if any. */
  public static SwitchboardConfig fromEnvironment(Collection<Setting> required) {
    return fromEnvironment(System.getenv(), required);
  }

  public static SwitchboardConfig fromEnvironment(Map<String, String> env, Collection<Setting> required) {
    Map<String, String> merged = new HashMap<>();
    String file = env.get(CONFIG_FILE_VARIABLE);
    if (file != null && !file.isBlank()) {
      merged.putAll(readFile(Path.of(file)));
    }
    merged.putAll(env);
    return load(merged, required);
  }

  public static SwitchboardConfig load(Map<String, String> values, Collection<Setting> required) {
    ConfigLoader loader = new ConfigLoader(values);
    for (Setting setting : required) {
      if (loader.raw(setting) == null) {
        throw new ConfigException(setting, "is required: " + setting.description());
      }
    }
    return loader.build();
  }

  static Map<String, String> readFile(Path path) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new ConfigException(CONFIG_FILE_VARIABLE + " cannot be read: " + path);
    }
    Map<String, String> map = new HashMap<>();
    properties.forEach((k, v) -> map.put(k.toString().trim(), v.toString().trim()));
    return map;
  }

  private SwitchboardConfig build() {
    var database = new SwitchboardConfig.Database(
        pgUrl(), intIn(Setting.SWITCHBOARD_PG_POOL_SIZE, 1, 200),
        Duration.ofMillis(intIn(Setting.SWITCHBOARD_PG_CONNECT_TIMEOUT_MS, 100, 60_000)));
    var cluster = new SwitchboardConfig.Cluster(
        bool(Setting.SWITCHBOARD_CLUSTER), clusterConfigPath(), nonBlank(Setting.SWITCHBOARD_CLUSTER_HOST),
        bool(Setting.SWITCHBOARD_CLUSTER_KUBERNETES), raw(Setting.SWITCHBOARD_CLUSTER_SERVICE_DNS));
    var timing = new SwitchboardConfig.Timing(
        seconds(Setting.SWITCHBOARD_RING_TIMEOUT_SECONDS, 5, 600),
        seconds(Setting.SWITCHBOARD_CLAIM_CONNECT_TIMEOUT_SECONDS, 1, 600),
        seconds(Setting.SWITCHBOARD_PRESENCE_GRACE_SECONDS, 0, 3600),
        seconds(Setting.SWITCHBOARD_WRAP_UP_SECONDS, 0, 3600),
        seconds(Setting.SWITCHBOARD_PARK_TIMEOUT_SECONDS, 10, 86_400),
        seconds(Setting.SWITCHBOARD_RECONCILE_INTERVAL_SECONDS, 1, 3_600),
        seconds(Setting.SWITCHBOARD_RECONCILE_AFTER_SECONDS, 1, 86_400),
        intIn(Setting.SWITCHBOARD_MAX_MISSED_RINGS, 0, 100),
        seconds(Setting.SWITCHBOARD_SPOT_KEYPAD_SECONDS, 0, 10));
    var twilio = new SwitchboardConfig.Twilio(
        matching(Setting.TWILIO_ACCOUNT_SID, ACCOUNT_SID, "AC followed by 32 hex digits"),
        raw(Setting.TWILIO_AUTH_TOKEN),
        matching(Setting.TWILIO_API_KEY, API_KEY_SID, "SK followed by 32 hex digits"),
        raw(Setting.TWILIO_API_SECRET),
        matching(Setting.TWILIO_TWIML_APP_SID, APP_SID, "AP followed by 32 hex digits"),
        httpUrl(Setting.TWILIO_API_BASE_URL));
    var smtp = new SwitchboardConfig.Smtp(
        raw(Setting.SMTP_HOST), intIn(Setting.SMTP_PORT, 1, 65_535), raw(Setting.SMTP_USERNAME),
        raw(Setting.SMTP_PASSWORD), nonBlank(Setting.SMTP_FROM),
        enumOf(Setting.SMTP_STARTTLS, SwitchboardConfig.StartTls.class));
    var sim = new SwitchboardConfig.Sim(
        intIn(Setting.SIM_PORT, 1, 65_535), timeScale(), httpUrl(Setting.SIM_WEBHOOK_URL));
    if (twilio.apiKey() != null && raw(Setting.TWILIO_API_SECRET) == null) {
      throw new ConfigException(Setting.TWILIO_API_SECRET, "is required when TWILIO_API_KEY is set");
    }
    return new SwitchboardConfig(
        database,
        intIn(Setting.SWITCHBOARD_HTTP_PORT, 0, 65_535),
        httpUrl(Setting.SWITCHBOARD_PUBLIC_URL),
        jwtSecret(),
        seconds(Setting.SWITCHBOARD_JWT_TTL_SECONDS, 60, 31 * 86_400),
        cluster,
        enumOf(Setting.SWITCHBOARD_LOG_FORMAT, SwitchboardConfig.LogFormat.class),
        Duration.ofMillis(intIn(Setting.SWITCHBOARD_REQUEST_TIMEOUT_MS, 100, 120_000)),
        intIn(Setting.SWITCHBOARD_MAX_BODY_BYTES, 1024, 64 * 1024 * 1024),
        timing, twilio, smtp, sim);
  }

  /** The value, or the default; blank counts as unset. */
  private String raw(Setting setting) {
    String value = values.get(setting.name());
    if (value == null || value.isBlank()) {
      return setting.defaultValue();
    }
    return value.trim();
  }

  private String nonBlank(Setting setting) {
    String value = raw(setting);
    if (value == null) {
      throw new ConfigException(setting, "must not be empty");
    }
    return value;
  }

  private int intIn(Setting setting, int min, int max) {
    String value = raw(setting);
    try {
      int parsed = Integer.parseInt(value);
      if (parsed < min || parsed > max) {
        throw new NumberFormatException();
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new ConfigException(setting, "must be a whole number from " + min + " to " + max + ", got '" + value + "'");
    }
  }

  private Duration seconds(Setting setting, int min, int max) {
    return Duration.ofSeconds(intIn(setting, min, max));
  }

  private boolean bool(Setting setting) {
    String value = raw(setting).toLowerCase(Locale.ROOT);
    return switch (value) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw new ConfigException(setting, "must be true or false, got '" + value + "'");
    };
  }

  private <E extends Enum<E>> E enumOf(Setting setting, Class<E> type) {
    String value = raw(setting);
    try {
      return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      StringBuilder allowed = new StringBuilder();
      for (E constant : type.getEnumConstants()) {
        allowed.append(allowed.length() == 0 ? "" : ", ").append(constant.name().toLowerCase(Locale.ROOT));
      }
      throw new ConfigException(setting, "must be one of " + allowed + ", got '" + value + "'");
    }
  }

  private String matching(Setting setting, Pattern pattern, String expected) {
    String value = raw(setting);
    if (value != null && !pattern.matcher(value).matches()) {
      throw new ConfigException(setting, "must be " + expected + ", got '" + abbreviate(value) + "'");
    }
    return value;
  }

  private URI httpUrl(Setting setting) {
    String value = raw(setting);
    if (value == null) {
      return null;
    }
    try {
      URI uri = new URI(value);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
        throw new URISyntaxException(value, "not an http(s) URL");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new ConfigException(setting, "must be an http:// or https:// URL, got '" + abbreviate(value) + "'");
    }
  }

  private String pgUrl() {
    Setting setting = Setting.SWITCHBOARD_PG_URL;
    String value = raw(setting);
    try {
      URI uri = new URI(value);
      boolean schemeOk = "postgresql".equals(uri.getScheme()) || "postgres".equals(uri.getScheme());
      String path = uri.getPath();
      if (!schemeOk || uri.getHost() == null || path == null || path.length() < 2) {
        throw new URISyntaxException(value, "not a PostgreSQL URL");
      }
      return value;
    } catch (URISyntaxException e) {
      throw new ConfigException(setting,
          "must look like postgresql://user[:password]@host[:port]/database, got '" + abbreviate(value) + "'");
    }
  }

  private String jwtSecret() {
    String value = raw(Setting.SWITCHBOARD_JWT_SECRET);
    if (value != null && value.length() < MIN_JWT_SECRET) {
      throw new ConfigException(Setting.SWITCHBOARD_JWT_SECRET, "must be at least " + MIN_JWT_SECRET + " characters");
    }
    return value;
  }

  private String clusterConfigPath() {
    String value = raw(Setting.SWITCHBOARD_CLUSTER_CONFIG);
    if (value != null && !Files.isReadable(Path.of(value))) {
      throw new ConfigException(Setting.SWITCHBOARD_CLUSTER_CONFIG, "names a file that cannot be read: " + value);
    }
    return value;
  }

  private double timeScale() {
    String value = raw(Setting.SIM_TIME_SCALE);
    try {
      double scale = Double.parseDouble(value);
      if (!(scale > 0 && scale <= 100)) {
        throw new NumberFormatException();
      }
      return scale;
    } catch (NumberFormatException e) {
      throw new ConfigException(Setting.SIM_TIME_SCALE, "must be a number above 0 and at most 100, got '" + value + "'");
    }
  }

  /** Never echo a whole secret-looking value back into logs. */
  private static String abbreviate(String value) {
    return value.length() <= 40 ? value : value.substring(0, 37) + "...";
  }
}
