package io.switchboard.parking;

import io.switchboard.common.bus.Failures;
import io.switchboard.common.config.SwitchboardConfig;
import io.switchboard.common.config.TimeScale;
import io.switchboard.common.contract.AgentNotice;
import io.switchboard.common.contract.ParkArrival;
import io.switchboard.common.contract.Transition;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parks whose redirect Twilio did not confirm (the REST request timed out or failed): the redirect
 * may still have happened, or may happen later, when the request reaches Twilio after the SDK gave
 * up. Undoing such a park blindly left the caller alone in the park conference while the database
 * said the call was with its agent, and nobody could retrieve it. So before undoing, Twilio is asked
 * whether the caller is in the park conference (then the park stands); an undone park is remembered,
 * and if the caller reaches the park conference later ({@code parking.arrived}, from the
 * voice-webhook), the park is redone and the agent told. Arrival and undo are decided on the parked
 * row in PostgreSQL, so whichever comes first, exactly one of them wins.
 */
final class ParkStalls {
  private static final Logger LOG = LoggerFactory.getLogger(ParkStalls.class);
  /** An undone park whose redirect has not landed by then never will. */
  static final Duration FORGET_AFTER = Duration.ofHours(1);
  static final String PARKED_AFTER_ALL = "Your call from %s was parked after all (Twilio was slow to move it).";

  private final SwitchboardConfig config;
  private final ParkingSql sql;
  private final ParkingPeers calls;

  ParkStalls(SwitchboardConfig config, ParkingSql sql, ParkingPeers calls) {
    this.config = config;
    this.sql = sql;
    this.calls = calls;
  }

  void start(Vertx vertx) {
    vertx.setPeriodic(Duration.ofMinutes(10).toMillis(), id -> sql.forgetUnsettled(FORGET_AFTER)
        .onFailure(t -> LOG.warn("could not forget old unsettled parks: {}", t.toString())));
  }

  /**
   * Twilio gave no answer to the park redirect. Succeeds when the park stands (the caller is in the
   * conference, or arrived meanwhile); otherwise the park is undone, the call given back to
   * {@code agentId}, and it fails with 503.
   */
  Future<Void> settle(ParkingSql.Parked row, String agentId, Throwable cause) {
    String callSid = row.view().callSid();
    String conference = row.view().conferenceName();
    return calls.inConference(conference, callSid)
        .otherwise(t -> {
          LOG.warn("could not ask Twilio where {} is ({}); undoing its park unless it arrives", callSid, t.toString());
          return false;
        })
        .compose(inLot -> {
          if (inLot) {
            LOG.info("{}: Twilio did not answer the park redirect ({}) but the caller is in {}: parked", callSid,
                cause.toString(), conference);
            return sql.arrive(conference).<Void>mapEmpty();
          }
          return sql.unsettle(row.view().parkedId()).compose(undone -> undone.isEmpty()
              ? Future.<Void>succeededFuture()
              : calls.transition(row.view().orgId(), callSid, Transition.UNPARK, agentId, null)
                  .transform(ar -> Future.<Void>failedFuture(Failures.unavailable(ParkingLot.NOT_PARKED))));
        });
  }

  /** {@code parking.arrived}: a caller reached a park conference; an undone park of it is redone. */
  Future<JsonObject> arrived(JsonObject json) {
    String conference = ParkArrival.fromJson(json).conferenceName();
    return sql.arrive(conference)
        .compose(parked -> parked.isPresent() ? Future.<Void>succeededFuture()
            : sql.takeUnsettled(conference).compose(unsettled -> unsettled.isEmpty()
                ? Future.<Void>succeededFuture() : repark(conference, unsettled.get())))
        .map(v -> new JsonObject());
  }

  private Future<Void> repark(String conference, ParkingSql.Unsettled park) {
    LOG.warn("{} reached {} after its park was undone (Twilio was slow): parking it again", park.callSid(),
        conference);
    return calls.parkTimeout(park.orgId())
        .compose(timeout -> sql.insert(park.callSid(), park.orgId(), park.from(), park.parkedBy(), conference,
            TimeScale.scaled(config, timeout)))
        .compose(inserted -> {
          if (inserted.isEmpty()) {
            return Future.succeededFuture(); // parked again meanwhile, by a new request
          }
          ParkingSql.Parked row = inserted.get();
          return calls.transition(park.orgId(), park.callSid(), Transition.PARK, null, null)
              .compose(call -> sql.arrive(conference))
              .<Void>map(v -> {
                calls.publishParked(row);
                calls.notice(park.parkedBy(), new AgentNotice(AgentNotice.Type.PARKED, park.callSid(),
                    PARKED_AFTER_ALL.formatted(park.from() == null ? "unknown caller" : park.from()), null));
                return null;
              })
              .recover(t -> sql.delete(row.view().parkedId()).transform(ar -> Future.failedFuture(t)));
        });
  }
}
