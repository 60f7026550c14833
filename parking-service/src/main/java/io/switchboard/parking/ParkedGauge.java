package io.switchboard.parking;

import io.switchboard.common.metrics.Metrics;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code switchboard.parked.calls} gauge: calls in the lot right now, counted in PostgreSQL
 * (every parking instance sees the same lot) once a second, so a scrape never waits on a query.
 */
final class ParkedGauge {
  static final long REFRESH_MS = 1_000;
  private static final String COUNT = "SELECT count(*) FROM parking.parked_calls";

  private final AtomicLong parked = new AtomicLong();

  void start(Vertx vertx, Pool pool) {
    Metrics.gauge(Metrics.PARKED_CALLS, parked::get);
    vertx.setPeriodic(0, REFRESH_MS, id -> pool.query(COUNT).execute()
        // A failed count keeps the last value; health checks report the database.
        .onSuccess(rows -> parked.set(rows.iterator().next().getLong(0))));
  }
}
