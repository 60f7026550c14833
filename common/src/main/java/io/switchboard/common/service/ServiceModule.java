package io.switchboard.common.service;

import io.switchboard.common.config.Setting;
import io.vertx.core.Future;
import java.util.Optional;
import java.util.Set;

/**
 * One Switchboard service as the launcher sees it: its name on the command line, the settings it
 * cannot start without, the schema it owns and migrates, and how to deploy it into a process.
 */
public interface ServiceModule {

  /** The name used on the command line and in logs, e.g. {@code claim-service}. */
  String name();

  /** Settings that must be present for this service to start. */
  default Set<Setting> requiredSettings() {
    return Set.of();
  }

  /** The PostgreSQL schema this service owns; its migrations are in {@code db/migration/<schema>}. */
  default Optional<String> schema() {
    return Optional.empty();
  }

  /**
   * Deploys the service's verticles and mounts its HTTP routes on {@code context.router()}. The
   * future completes when the service is ready to serve.
   */
  Future<Void> deploy(ServiceContext context);

  /**
   * The first step of a graceful stop (SIGTERM), before the process stops taking HTTP and
   * event-bus requests: let clients that hold long-lived connections go elsewhere (the bridge
   * closes its SockJS sockets so browsers reconnect to another node). Nothing by default.
   */
  default Future<Void> drain() {
    return Future.succeededFuture();
  }
}
