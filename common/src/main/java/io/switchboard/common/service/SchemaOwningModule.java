package io.switchboard.common.service;

import io.switchboard.common.config.Setting;
import java.util.Optional;
import java.util.Set;

/**
 * A service that owns one PostgreSQL schema (only it migrates and writes it, see {@code Migrations}):
 * its name, schema and required settings are given once, to the constructor.
 */
public abstract class SchemaOwningModule implements ServiceModule {
  private final String name;
  private final String schema;
  private final Set<Setting> requiredSettings;

  protected SchemaOwningModule(String name, String schema, Set<Setting> requiredSettings) {
    this.name = name;
    this.schema = schema;
    this.requiredSettings = Set.copyOf(requiredSettings);
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final Set<Setting> requiredSettings() {
    return requiredSettings;
  }

  @Override
  public final Optional<String> schema() {
    return Optional.of(schema);
  }
}
