package io.switchboard.parking;

import io.switchboard.common.config.Setting;
import io.switchboard.common.service.SchemaOwningModule;
import io.switchboard.common.service.ServiceContext;
import io.vertx.core.Future;
import java.util.Set;

/** The parking-service: park, unpark and park timeouts through Twilio's REST API. */
public final class ParkingServiceModule extends SchemaOwningModule {
  /** The PostgreSQL schema this service owns. */
  public static final String SCHEMA = "parking";

  public ParkingServiceModule() {
    super("parking-service", SCHEMA,
        Set.of(Setting.TWILIO_ACCOUNT_SID, Setting.TWILIO_AUTH_TOKEN, Setting.SWITCHBOARD_PUBLIC_URL));
  }

  @Override
  public Future<Void> deploy(ServiceContext context) {
    return context.vertx().deployVerticle(new ParkingVerticle(context.config(), context.pool())).mapEmpty();
  }
}
