package io.switchboard.common.contract;

import io.switchboard.common.bus.FailureCode;
import io.switchboard.common.bus.Failures;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * What a 409 says besides its message: the state of the call that refused the change, who won a
 * lost claim, which parked call left the lot. It travels in the failure's JSON body ({@link
 * Failures}), beside {@code error} and {@code message}, as the fields that are set; it is written
 * with {@link #failure} and read back with {@link #of}, so nobody spells its fields.
 */
public record Conflict(String callSid, CallStatus status, Long version, String winner, String parkedId) {

  /** The call as it stood when it refused the change. */
  public static Conflict state(CallView call) {
    return new Conflict(call.callSid(), call.status(), call.version(), null, null);
  }

  public static Conflict status(CallStatus status) {
    return new Conflict(null, status, null, null, null);
  }

  /** A claim lost: {@code winner} answered call {@code callSid}. */
  public static Conflict lostTo(String callSid, String winner) {
    return new Conflict(callSid, null, null, winner, null);
  }

  /** Parked call {@code parkedId} is no longer in the lot. */
  public static Conflict parked(String parkedId) {
    return new Conflict(null, null, null, null, parkedId);
  }

  /** The 409 carrying these details. */
  public ReplyException failure(String message) {
    return Failures.conflict(message, toJson());
  }

  /** The details of {@code failure} if it is a 409, else empty. */
  public static Optional<Conflict> of(Throwable failure) {
    return Failures.code(failure) == FailureCode.CONFLICT
        ? Optional.of(fromJson(Failures.body(failure))) : Optional.empty();
  }

  /** Only the fields that are set. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    putSet(json, "callSid", callSid);
    putSet(json, "status", Fields.lower(status));
    putSet(json, "version", version);
    putSet(json, "winner", winner);
    putSet(json, "parkedId", parkedId);
    return json;
  }

  public static Conflict fromJson(JsonObject json) {
    Object version = json.getValue("version");
    return new Conflict(Fields.optId(json, "callSid"), Fields.optEnum(json, "status", CallStatus.class, null),
        version instanceof Number n ? n.longValue() : null, Fields.optId(json, "winner"),
        Fields.optId(json, "parkedId"));
  }

  private static void putSet(JsonObject json, String field, Object value) {
    if (value != null) {
      json.put(field, value);
    }
  }
}
