package io.switchboard.common.config;

/** A missing or malformed setting. Its message is the single line printed at start-up. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(Setting setting, String problem) {
    super(setting.name() + " " + problem);
  }

  public ConfigException(String message) {
    super(message);
  }
}
