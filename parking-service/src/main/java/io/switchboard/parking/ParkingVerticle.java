package io.switchboard.parking;

import io.switchboard.common.bus.Addresses;
import io.switchboard.common.bus.Bus;
import io.switchboard.common.config.SwitchboardConfig;
import io.switchboard.common.db.ActOnce;
import io.switchboard.common.twilio.TwilioRest;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The parking-service's event-bus face: park, unpark, the lot snapshot, Twilio's reports, and timeouts. */
public final class ParkingVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ParkingVerticle.class);

  private final SwitchboardConfig config;
  private final Pool pool;
  private TwilioRest rest;
  private ParkTimeouts timeouts;

  public ParkingVerticle(SwitchboardConfig config, Pool pool) {
    this.config = config;
    this.pool = pool;
  }

  @Override
  public Future<?> start() {
    rest = TwilioRest.create(vertx, config.twilio());
    ParkingSql sql = new ParkingSql(pool);
    ParkingPeers calls = new ParkingPeers(vertx.eventBus(), rest, config);
    ParkingLot lot = new ParkingLot(config, sql, calls, new ActOnce(pool, ParkingServiceModule.SCHEMA));
    timeouts = new ParkTimeouts(vertx, config, sql, calls, lot);
    timeouts.start();
    lot.stalls().start(vertx);
    new ParkedGauge().start(vertx, pool);
    return Future.all(List.of(
        Bus.serve(vertx, Addresses.PARKING_PARK, json -> lot.park(json).onSuccess(v -> timeouts.scheduleNext()))
            .completion(),
        Bus.serve(vertx, Addresses.PARKING_UNPARK, lot::unpark).completion(),
        Bus.serve(vertx, Addresses.PARKING_RETRIEVE_SPOT, lot::retrieveSpot).completion(),
        Bus.serve(vertx, Addresses.BOARD_SNAPSHOT_PARKED, lot::snapshot).completion(),
        Bus.serve(vertx, Addresses.PARKING_CONFERENCE, lot::conference).completion(),
        Bus.serve(vertx, Addresses.PARKING_CONNECTED, lot::connected).completion(),
        Bus.serve(vertx, Addresses.PARKING_ARRIVED, lot.stalls()::arrived).completion(),
        Bus.serve(vertx, Addresses.PARKING_CONNECT_FAILED,
            json -> lot.connectFailed(json).onSuccess(v -> timeouts.scheduleNext())).completion(),
        vertx.eventBus().<JsonObject>consumer(Addresses.CALLS_CHANGED, m -> lot.callChanged(m.body())
            .onFailure(t -> LOG.warn("lot clean-up after a call change failed: {}", t.toString()))).completion()));
  }

  @Override
  public Future<?> stop() {
    timeouts.stop();
    rest.close();
    return Future.succeededFuture();
  }
}
