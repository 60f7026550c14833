package io.switchboard.presence;

import io.switchboard.common.service.ServiceContext;
import io.switchboard.common.service.ServiceModule;
import io.vertx.core.Future;
import java.util.Optional;

/** The presence-service: agent status, available-agent queries, offline detection. */
public final class PresenceServiceModule implements ServiceModule {
  /** The PostgreSQL schema this service owns. */
  public static final String SCHEMA = "presence";

  @Override
  public String name() {
    return "presence-service";
  }

  @Override
  public Optional<String> schema() {
    return Optional.of(SCHEMA);
  }

  /** One verticle: presence work is database-bound and light, and the row locks order it anyway. */
  @Override
  public Future<Void> deploy(ServiceContext context) {
    return context.vertx().deployVerticle(new PresenceVerticle(context.config(), context.pool())).mapEmpty();
  }
}
