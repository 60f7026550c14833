package io.switchboard.parking;

import io.switchboard.common.config.Setting;
import io.switchboard.common.service.ServiceContext;
import io.switchboard.common.service.ServiceModule;
import io.vertx.core.Future;
import java.util.Optional;
import java.util.Set;

/** The parking-service: park, unpark and park timeouts through Twilio's REST API. */
public final class ParkingServiceModule implements ServiceModule {
  /** The PostgreSQL schema this service owns. */
  public static final String SCHEMA = "parking";

  @Override
  public String name() {
    return "parking-service";
  }

  @Override
  public Set<Setting> requiredSettings() {
    return Set.of(Setting.TWILIO_ACCOUNT_SID, Setting.TWILIO_AUTH_TOKEN, Setting.SWITCHBOARD_PUBLIC_URL);
  }

  @Override
  public Optional<String> schema() {
    return Optional.of(SCHEMA);
  }

  @Override
  public Future<Void> deploy(ServiceContext context) {
    return context.vertx().deployVerticle(new ParkingVerticle(context.config(), context.pool())).mapEmpty();
  }
}
