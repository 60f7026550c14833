package io.switchboard.common.service;

import io.switchboard.common.config.SwitchboardConfig;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;

/**
 * What a process gives each service it runs: Vert.x (clustered or not), the validated config, the
 * process's PostgreSQL pool (null for a process without a database, such as telephony-sim alone),
 * and the process's HTTP router, on which a service mounts its own paths.
 */
public record ServiceContext(Vertx vertx, SwitchboardConfig config, Pool pool, Router router) {}
