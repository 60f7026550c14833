package io.switchboard.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.common.testing.TestConfigs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigLoaderTest {
  private static final String PG = "postgresql://postgres@127.0.0.1:5432/switchboard";

  @Test
  @DisplayName("defaults give a local process on the local PostgreSQL")
  void defaultsAreUsable() {
    SwitchboardConfig config = ConfigLoader.load(Map.of(), List.of());
    assertEquals(PG, config.database().url());
    assertEquals(8080, config.httpPort());
    assertFalse(config.cluster().enabled());
    assertEquals(Duration.ofSeconds(30), config.timing().ringTimeout());
    assertEquals(Duration.ofSeconds(15), config.timing().presenceGrace());
    assertEquals(Duration.ofSeconds(60), config.timing().reconcileEvery());
    assertEquals(Duration.ofSeconds(120), config.timing().reconcileAfter());
    assertEquals("https://api.twilio.com", config.twilio().apiBaseUrl().toString());
  }

  @ParameterizedTest(name = "{0} missing names itself")
  @EnumSource(value = Setting.class, names = {"SWITCHBOARD_PUBLIC_URL", "SWITCHBOARD_JWT_SECRET",
      "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_API_KEY", "TWILIO_API_SECRET", "TWILIO_TWIML_APP_SID"})
  void eachRequiredSettingMissingGivesOneLineNamingIt(Setting setting) {
    Map<String, String> values = TestConfigs.values(PG);
    values.remove(setting.name());
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(values, EnumSet.of(setting)));
    assertTrue(e.getMessage().startsWith(setting.name() + " is required"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line");
  }

  @Test
  void aBlankValueCountsAsMissing() {
    Map<String, String> values = TestConfigs.values(PG);
    values.put("TWILIO_AUTH_TOKEN", "   ");
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(values, EnumSet.of(Setting.TWILIO_AUTH_TOKEN)));
    assertTrue(e.getMessage().startsWith("TWILIO_AUTH_TOKEN is required"));
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("SWITCHBOARD_HTTP_PORT", "eighty"),
        Arguments.of("SWITCHBOARD_HTTP_PORT", "70000"),
        Arguments.of("SWITCHBOARD_PG_URL", "mysql://localhost/db"),
        Arguments.of("SWITCHBOARD_PG_URL", "postgresql://127.0.0.1:5432"),
        Arguments.of("SWITCHBOARD_PG_POOL_SIZE", "0"),
        Arguments.of("SWITCHBOARD_PUBLIC_URL", "ftp://example.com"),
        Arguments.of("SWITCHBOARD_PUBLIC_URL", "not a url"),
        Arguments.of("SWITCHBOARD_JWT_SECRET", "short"),
        Arguments.of("SWITCHBOARD_CLUSTER", "maybe"),
        Arguments.of("SWITCHBOARD_CLUSTER_CONFIG", "/nonexistent/cluster.xml"),
        Arguments.of("SWITCHBOARD_LOG_FORMAT", "xml"),
        Arguments.of("SWITCHBOARD_RING_TIMEOUT_SECONDS", "-1"),
        Arguments.of("SWITCHBOARD_PRESENCE_GRACE_SECONDS", "1.5"),
        Arguments.of("SWITCHBOARD_PARK_TIMEOUT_SECONDS", "3"),
        Arguments.of("SWITCHBOARD_RECONCILE_INTERVAL_SECONDS", "0"),
        Arguments.of("SWITCHBOARD_RECONCILE_AFTER_SECONDS", "soon"),
        Arguments.of("SWITCHBOARD_MAX_MISSED_RINGS", "-1"),
        Arguments.of("SWITCHBOARD_MAX_MISSED_RINGS", "101"),
        Arguments.of("TWILIO_ACCOUNT_SID", "XX0123456789abcdef0123456789abcdef"),
        Arguments.of("TWILIO_API_KEY", "SK123"),
        Arguments.of("TWILIO_TWIML_APP_SID", "AP-nope"),
        Arguments.of("TWILIO_API_BASE_URL", "api.twilio.com"),
        Arguments.of("SMTP_PORT", "smtp"),
        Arguments.of("SMTP_STARTTLS", "sometimes"),
        Arguments.of("SIM_TIME_SCALE", "0"),
        Arguments.of("SIM_PORT", "-3"));
  }

  @ParameterizedTest(name = "{0}={1} is rejected")
  @MethodSource("malformed")
  void eachMalformedSettingGivesOneLineNamingIt(String name, String value) {
    Map<String, String> values = TestConfigs.values(PG);
    values.put(name, value);
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(values, List.of()));
    assertTrue(e.getMessage().startsWith(name + " "), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line");
  }

  @Test
  void anApiKeyWithoutItsSecretIsRejected() {
    Map<String, String> values = TestConfigs.values(PG);
    values.remove("TWILIO_API_SECRET");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(values, List.of()));
    assertTrue(e.getMessage().startsWith("TWILIO_API_SECRET"));
  }

  @Test
  void environmentOverridesTheConfigFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("switchboard.env");
    Files.writeString(file, "SWITCHBOARD_HTTP_PORT=9090\nSWITCHBOARD_RING_TIMEOUT_SECONDS=20\n");
    Map<String, String> env = new HashMap<>();
    env.put(ConfigLoader.CONFIG_FILE_VARIABLE, file.toString());
    env.put("SWITCHBOARD_RING_TIMEOUT_SECONDS", "25");
    SwitchboardConfig config = ConfigLoader.fromEnvironment(env, List.of());
    assertEquals(9090, config.httpPort());
    assertEquals(Duration.ofSeconds(25), config.timing().ringTimeout());
  }

  @Test
  void anUnreadableConfigFileIsNamed() {
    Map<String, String> env = Map.of(ConfigLoader.CONFIG_FILE_VARIABLE, "/nonexistent/switchboard.env");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.fromEnvironment(env, List.of()));
    assertTrue(e.getMessage().startsWith(ConfigLoader.CONFIG_FILE_VARIABLE));
  }

  @Test
  void publicUrlsAreBuiltFromTheConfiguredBase() {
    Map<String, String> values = TestConfigs.values(PG);
    values.put("SWITCHBOARD_PUBLIC_URL", "https://switchboard.example.com/");
    SwitchboardConfig config = ConfigLoader.load(values, List.of());
    assertEquals("https://switchboard.example.com/twilio/voice", config.publicUrl("/twilio/voice"));
  }
}
