package io.switchboard.parking;

import io.switchboard.common.bus.FailureCode;
import io.switchboard.common.bus.Failures;
import io.switchboard.common.config.SwitchboardConfig;
import io.switchboard.common.config.TimeScale;
import io.switchboard.common.contract.Actor;
import io.switchboard.common.contract.AgentNotice;
import io.switchboard.common.contract.BoardQuery;
import io.switchboard.common.contract.CallStatus;
import io.switchboard.common.contract.CallView;
import io.switchboard.common.contract.ConferenceReport;
import io.switchboard.common.contract.Conflict;
import io.switchboard.common.contract.ConnectFailedReply;
import io.switchboard.common.contract.EndReasons;
import io.switchboard.common.contract.Fields;
import io.switchboard.common.contract.HandOverReport;
import io.switchboard.common.contract.ParkRequest;
import io.switchboard.common.contract.ParkedList;
import io.switchboard.common.contract.ParkedView;
import io.switchboard.common.contract.SpotRetrieval;
import io.switchboard.common.contract.SpotRetrieved;
import io.switchboard.common.contract.Transition;
import io.switchboard.common.contract.UnparkRequest;
import io.switchboard.common.db.ActOnce;
import io.switchboard.common.twilio.TwilioStatuses;
import io.switchboard.common.twilio.WebhookUrls;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Park and unpark. Every step that can fail after the database changed is compensated, so the
 * parked row and the call's state agree and the caller is never dropped: PostgreSQL first (the
 * row, then the claim-service's guarded transition), Twilio last; if Twilio refuses or is down,
 * the database steps are undone and the agent is told, while the caller stays where they were.
 */
final class ParkingLot {
  private static final Logger LOG = LoggerFactory.getLogger(ParkingLot.class);
  /** What the agent is told when its park or retrieval finds the caller gone. */
  static final String CALLER_GONE = "the caller hung up";
  /** Why a call retrieved by keypad left the board. */
  static final String RETRIEVED_BY_PHONE = "retrieved from spot %d by phone";
  /** A park Twilio did not carry out; Twilio's own reason goes to the log only (it names the account). */
  static final String NOT_PARKED = "the call could not be parked; it is still connected to you";

  private final SwitchboardConfig config;
  private final ParkingSql sql;
  private final ParkingPeers calls;
  private final ParkStalls stalls;
  private final ActOnce once;

  ParkingLot(SwitchboardConfig config, ParkingSql sql, ParkingPeers calls, ActOnce once) {
    this.config = config;
    this.sql = sql;
    this.calls = calls;
    this.once = once;
    this.stalls = new ParkStalls(config, sql, calls);
  }

  /** Parks Twilio did not confirm in time. */
  ParkStalls stalls() {
    return stalls;
  }

  Duration scaled(Duration timeout) {
    return TimeScale.scaled(config, timeout);
  }

  /** {@code parking.park}. */
  Future<JsonObject> park(JsonObject json) {
    ParkRequest request = ParkRequest.fromJson(json);
    Actor actor = request.actor();
    if (!actor.mayActFor(request.agentId(), actor.orgId())) {
      throw Failures.forbidden("you may park only your own calls");
    }
    return pstnCall(request.callSid(), actor).compose(call -> {
      if (call.status() != CallStatus.ACTIVE) {
        // A parked call answers as the park's own race does: a retried park (its first answer lost)
        // is told the same thing however far the first one got.
        String message = call.status() == CallStatus.PARKED ? "the call is already parked"
            : "cannot park a call that is " + Fields.lower(call.status());
        return Future.failedFuture(new Conflict(call.callSid(), call.status(), null, null, null).failure(message));
      }
      // Who may park this call (its agent, or an admin) is the state machine's PARK rule, asked as the actor.
      return calls.parkTimeout(call.orgId()).compose(timeout -> park(call, actor, request.agentId(), scaled(timeout)));
    }).map(ParkedView::toJson);
  }

  /** The caller's PSTN call: {@code callSid} itself if Switchboard knows it, else its parent leg. */
  private Future<CallView> pstnCall(String callSid, Actor actor) {
    return calls.call(callSid, actor).recover(t -> {
      if (Failures.code(t) != FailureCode.NOT_FOUND) {
        return Future.failedFuture(t);
      }
      // Twilio's own answer never reaches the asker: an unknown leg is "no such call" like any other.
      return calls.fetch(callSid)
          .recover(e -> Future.failedFuture(Failures.code(e) == FailureCode.NOT_FOUND ? Failures.notFound("no such call") : e))
          .compose(leg -> leg.getParentCallSid() == null
              ? Future.failedFuture(Failures.notFound("no such call"))
              : calls.call(leg.getParentCallSid(), actor));
    });
  }

  private Future<ParkedView> park(CallView call, Actor actor, String agentId, Duration timeout) {
    String conference = "park-" + call.callSid() + "-" + System.currentTimeMillis();
    String parkedBy = call.assignedTo() != null ? call.assignedTo() : agentId;
    long started = System.nanoTime();
    return sql.insert(call.callSid(), call.orgId(), call.from(), parkedBy, conference, timeout)
        .compose(inserted -> inserted.isPresent() ? Future.succeededFuture(inserted.get())
            : Future.failedFuture(Failures.conflict("the call is already parked")))
        .compose(row -> calls.transition(actor, call.callSid(), Transition.PARK, null, null)
            .recover(t -> undoInsert(row, t))
            .compose(parked -> calls.redirect(call.callSid(), WebhookUrls.parkTwiml(config, call.orgId(), conference))
                .recover(t -> undoPark(row, parkedBy, t)))
            .map(v -> {
              calls.publishParked(row);
              LOG.info("{} parked by {} in {}", call.callSid(), parkedBy, conference);
              tellIfSlow(row, started);
              return row.view();
            }));
  }

  /** A park that outlasted the agent's request (which failed with 503) is announced to the parker. */
  private void tellIfSlow(ParkingSql.Parked row, long startedNanos) {
    if (System.nanoTime() - startedNanos >= config.requestTimeout().toNanos()) {
      String from = row.view().from() == null ? "unknown caller" : row.view().from();
      calls.notice(row.view().parkedBy(), new AgentNotice(
          AgentNotice.Type.PARKED, row.view().callSid(),
          ParkStalls.PARKED_AFTER_ALL.formatted(from), null));
    }
  }

  private <T> Future<T> undoInsert(ParkingSql.Parked row, Throwable cause) {
    return sql.delete(row.view().parkedId()).transform(ar -> Future.failedFuture(cause));
  }

  /** Twilio did not take the redirect: the caller is still with the agent, so give the call back. */
  private <T> Future<T> undoPark(ParkingSql.Parked row, String agentId, Throwable cause) {
    String callSid = row.view().callSid();
    String orgId = row.view().orgId();
    if (Failures.code(cause) == FailureCode.NOT_FOUND) {
      return sql.delete(row.view().parkedId())
          .compose(v -> calls.transition(orgId, callSid, Transition.END, null, EndReasons.CALLER_HUNG_UP))
          .transform(ar -> Future.failedFuture(Failures.conflict(CALLER_GONE)));
    }
    if (Failures.code(cause) == FailureCode.UNAVAILABLE) {
      // No answer is not a refusal: the caller may be in the lot already, or get there later.
      return stalls.settle(row, agentId, cause).map(v -> null);
    }
    // Twilio's reason goes to the log only: it names the account and Twilio's internals.
    LOG.warn("Twilio did not park {}: {}; the call stays with {}", callSid, cause.toString(), agentId);
    return calls.transition(orgId, callSid, Transition.UNPARK, agentId, null)
        .compose(v -> sql.delete(row.view().parkedId()))
        .transform(ar -> Future.failedFuture(Failures.unavailable(NOT_PARKED)));
  }

  /** {@code parking.unpark}: any agent of the org sends a parked call to any available agent of the org. */
  Future<JsonObject> unpark(JsonObject json) {
    UnparkRequest request = UnparkRequest.fromJson(json);
    Actor actor = request.actor();
    String target = request.agentId();
    return sql.find(request.parkedId())
        .compose(found -> {
          // Another org's parked call is answered exactly like one that does not exist.
          ParkingSql.Parked parked = found.filter(p -> p.view().orgId().equals(actor.orgId()))
              .orElseThrow(() -> Failures.notFound("no such parked call"));
          return calls.isAvailable(parked.view().orgId(), target).compose(available -> available
              ? sql.take(parked.view().parkedId(), target, actor.id())
              : Future.failedFuture(Failures.conflict(target + " is not available")));
        })
        .compose(taken -> taken.isPresent() ? retrieve(taken.get(), target, actor)
            : Future.failedFuture(Failures.conflict("this call is already being retrieved")))
        .map(CallView::toJson);
  }

  /** {@code actor}: who hands the call over, as the call's timeline records the retrieval. */
  private Future<CallView> retrieve(ParkingSql.Parked parked, String target, Actor actor) {
    String callSid = parked.view().callSid();
    String orgId = parked.view().orgId();
    return calls.fetch(callSid)
        .transform(ar -> {
          boolean gone = ar.succeeded() ? TwilioStatuses.isFinal(ar.result().getStatus().toString())
              : Failures.code(ar.cause()) == FailureCode.NOT_FOUND;
          if (gone) {
            return callerGone(parked);
          }
          return ar.succeeded() ? Future.succeededFuture() : backToLot(parked, ar.cause());
        })
        .compose(v -> calls.transition(actor, callSid, Transition.UNPARK, target, null)
            .recover(t -> backToLot(parked, t)))
        .compose(call -> calls.redirect(callSid, WebhookUrls.connect(config, orgId, callSid, target, "unpark"))
            .transform(ar -> ar.succeeded() ? Future.succeededFuture(call) : reparkAfterFailedRedirect(parked, ar.cause())))
        .onSuccess(call -> {
          calls.publishRemoved(parked, parked.view().version());
          LOG.info("{} unparked to {}", callSid, target);
        });
  }

  /** The caller hung up while parked: out of the lot, the call ended, and the agent told. */
  private <T> Future<T> callerGone(ParkingSql.Parked parked) {
    return sql.delete(parked.view().parkedId())
        .onSuccess(deleted -> deleted.ifPresent(calls::publishDeleted))
        .compose(v -> calls.transition(parked.view().orgId(), parked.view().callSid(), Transition.END, null,
            EndReasons.CALLER_HUNG_UP).<Void>mapEmpty().otherwiseEmpty())
        .transform(ar -> Future.failedFuture(Conflict.parked(parked.view().parkedId()).failure(CALLER_GONE)));
  }

  /** Nothing changed for the caller (still in the lot): make the row say so again. */
  private <T> Future<T> backToLot(ParkingSql.Parked parked, Throwable cause) {
    return sql.returnToLot(parked.view().parkedId(), remaining(parked))
        .onSuccess(row -> row.ifPresent(calls::publishParked))
        .transform(ar -> Future.failedFuture(cause));
  }

  /** UNPARK happened but Twilio did not move the caller: the call is parked again. */
  private <T> Future<T> reparkAfterFailedRedirect(ParkingSql.Parked parked, Throwable cause) {
    if (Failures.code(cause) == FailureCode.NOT_FOUND) {
      return callerGone(parked);
    }
    LOG.warn("Twilio did not move {} out of the lot: {}", parked.view().callSid(), cause.toString());
    return calls.transition(parked.view().orgId(), parked.view().callSid(), Transition.PARK, null, null)
        .transform(ar -> backToLot(parked, Failures.unavailable(
            "the call could not be retrieved; it is still parked")));
  }

  private static Duration remaining(ParkingSql.Parked parked) {
    Duration left = Duration.between(Instant.now(), parked.view().timeoutAt());
    return left.isNegative() ? Duration.ZERO : left;
  }

  /**
   * {@code parking.retrieve-spot}: someone called the org's number and keyed {@code *} and a spot.
   * The guarded delete gives the parked call to one retriever and frees the spot; the voice-webhook
   * then joins the retriever's call to the park conference where the caller waits (no REST request:
   * the caller stays where it is). The call leaves the board as ended ("retrieved from spot N by
   * phone"): it is no longer with an agent Switchboard can see.
   */
  Future<JsonObject> retrieveSpot(JsonObject json) {
    SpotRetrieval request = SpotRetrieval.fromJson(json);
    String empty = "no call is parked in spot " + request.spot();
    if (request.spot() < 1) {
      return Future.failedFuture(Failures.notFound(empty));
    }
    return sql.takeSpot(request.orgId(), request.spot())
        .compose(taken -> taken.isPresent() ? Future.succeededFuture(taken.get())
            : Future.failedFuture(Failures.notFound(empty)))
        .compose(row -> {
          calls.publishDeleted(row);
          String callSid = row.view().callSid();
          // Twilio not answering is no reason to refuse: the conference join shows whether the caller is there.
          return calls.isGone(callSid).otherwise(false).compose(gone -> {
            String reason = gone ? EndReasons.CALLER_HUNG_UP : RETRIEVED_BY_PHONE.formatted(request.spot());
            Future<Void> ended = calls.transition(row.view().orgId(), callSid, Transition.END, null, reason)
                .<Void>mapEmpty().otherwiseEmpty();
            if (gone) {
              return ended.transform(ar -> Future.failedFuture(Conflict.parked(row.view().parkedId())
                  .failure("the caller in spot " + request.spot() + " hung up")));
            }
            LOG.info("{} retrieved from spot {} by phone ({})", callSid, request.spot(), request.callSid());
            return ended.map(v -> new SpotRetrieved(row.view().conferenceName(), callSid, row.view().from()).toJson());
          });
        });
  }

  /** {@code parking.connected}: the agent a parked call was sent to answered. */
  Future<JsonObject> connected(JsonObject json) {
    HandOverReport report = HandOverReport.fromJson(json);
    return sql.deleteConnected(report.callSid()).map(v -> new JsonObject());
  }

  /**
   * {@code parking.connect-failed}: that agent did not answer. An unpark goes back to the lot (same
   * id, fresh timeout); a park-timeout ring-back rings every available agent instead.
   */
  Future<JsonObject> connectFailed(JsonObject json) {
    HandOverReport report = HandOverReport.fromJson(json);
    String callSid = report.callSid();
    String agentId = report.agentId();
    return sql.findByCall(callSid).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture(ConnectFailedReply.ringAll(null));
      }
      ParkingSql.Parked parked = found.get();
      String orgId = parked.view().orgId();
      if (parked.state().equals("ringback")) {
        return sql.delete(parked.view().parkedId())
            .compose(v -> calls.transition(orgId, callSid, Transition.RELEASE, agentId, null).<Void>mapEmpty()
                .otherwiseEmpty())
            .map(v -> ConnectFailedReply.ringAll(orgId));
      }
      return calls.parkTimeout(orgId)
          .compose(timeout -> calls.transition(orgId, callSid, Transition.PARK, null, null).<Void>mapEmpty()
              .recover(t -> Failures.code(t) == FailureCode.CONFLICT ? Future.succeededFuture() : Future.failedFuture(t))
              .compose(v -> sql.returnMissed(parked.view().parkedId(), scaled(timeout))))
          .map(row -> {
            row.ifPresent(calls::publishParked);
            row.ifPresent(r -> calls.handOverMissed(r, parked.handedBy(), agentId));
            LOG.info("{} not answered by {}: back in the lot", callSid, agentId);
            return ConnectFailedReply.park(parked.view().conferenceName(), orgId);
          });
    }).map(ConnectFailedReply::toJson);
  }

  /** {@code parking.conference}: Twilio created the conference; remember its SID. */
  Future<JsonObject> conference(JsonObject json) {
    ConferenceReport report = ConferenceReport.fromJson(json);
    return sql.setConference(report.conferenceName(), report.conferenceSid()).map(row -> {
      row.filter(r -> r.state().equals("parked")).ifPresent(calls::publishParked);
      return new JsonObject();
    });
  }

  /** {@code board.snapshot.parked}. */
  Future<JsonObject> snapshot(JsonObject json) {
    BoardQuery query = BoardQuery.fromJson(json);
    return sql.lot(query.orgId())
        .map(rows -> new ParkedList(rows.stream().map(ParkingSql.Parked::view).toList()).toJson());
  }

  /** A call changed: an ended call leaves the lot at once, published, by one parking instance. */
  Future<Void> callChanged(JsonObject json) {
    CallView call = CallView.fromJson(json);
    if (call.status() != CallStatus.ENDED) {
      return Future.succeededFuture();
    }
    return once.onCallChange(call.callSid(), call.version(), conn -> sql.deleteByCall(conn, call.callSid()))
        .map(mine -> {
          mine.flatMap(deleted -> deleted).ifPresent(row -> {
            calls.publishDeleted(row);
            LOG.info("{} ended while parked: removed from the lot", call.callSid());
          });
          return null;
        });
  }
}
