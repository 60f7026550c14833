package io.switchboard.bridge;

import io.switchboard.common.config.Setting;
import io.switchboard.common.service.ServiceContext;
import io.switchboard.common.service.ServiceModule;
import io.vertx.core.Future;
import java.util.Optional;
import java.util.Set;

/** The dashboard-bridge: the agent HTTP API, the SockJS event-bus bridge and the web dashboard. */
public final class DashboardBridgeModule implements ServiceModule {
  /** The PostgreSQL schema this service owns. */
  public static final String SCHEMA = "directory";

  @Override
  public String name() {
    return "dashboard-bridge";
  }

  @Override
  public Set<Setting> requiredSettings() {
    return Set.of(Setting.SWITCHBOARD_JWT_SECRET, Setting.TWILIO_ACCOUNT_SID, Setting.TWILIO_API_KEY, Setting.TWILIO_API_SECRET, Setting.TWILIO_TWIML_APP_SID);
  }

  @Override
  public Optional<String> schema() {
    return Optional.of(SCHEMA);
  }

  @Override
  public Future<Void> deploy(ServiceContext context) {
    return Future.succeededFuture();
  }
}
