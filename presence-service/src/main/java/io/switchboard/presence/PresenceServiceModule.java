package io.switchboard.presence;

import io.switchboard.common.service.SchemaOwningModule;
import io.switchboard.common.service.ServiceContext;
import io.vertx.core.Future;
import java.util.Set;

/** The presence-service: agent status, available-agent queries, offline detection. */
public final class PresenceServiceModule extends SchemaOwningModule {
  /** The PostgreSQL schema this service owns. */
  public static final String SCHEMA = "presence";

  public PresenceServiceModule() {
    super("presence-service", SCHEMA, Set.of());
  }

  /** One verticle: presence work is database-bound and light, and the row locks order it anyway. */
  @Override
  public Future<Void> deploy(ServiceContext context) {
    return context.vertx().deployVerticle(new PresenceVerticle(context.config(), context.pool())).mapEmpty();
  }
}
