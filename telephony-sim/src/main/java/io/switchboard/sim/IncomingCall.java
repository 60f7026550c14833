package io.switchboard.sim;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;

/**
 * A call ringing a simulated device, as the Twilio Voice SDK presents it: the leg's own CallSid,
 * the caller's CallSid ({@code parentCallSid}) and the {@code <Parameter>}s of its {@code <Client>}
 * (Switchboard passes the caller's CallSid as {@code callSid}).
 */
public record IncomingCall(SimDevice device, String callSid, String parentCallSid, String from, String to,
    Map<String, String> parameters) {

  public Future<Void> accept() {
    return device.accept(callSid);
  }

  public Future<Void> reject() {
    return device.reject(callSid);
  }

  public Future<Void> hangUp() {
    return device.hangUp(callSid);
  }

  /** Completes when the sim stops this ring ({@code cancel}: someone else accepted, caller left, timeout). */
  public Future<JsonObject> awaitCancel(Duration within) {
    return device.awaitMessage("cancel", callSid, within);
  }

  public Future<JsonObject> awaitDisconnect(Duration within) {
    return device.awaitMessage("disconnected", callSid, within);
  }

  JsonObject toJson() {
    JsonObject params = new JsonObject();
    parameters.forEach(params::put);
    return new JsonObject().put("type", "incoming").put("callSid", callSid).put("parentCallSid", parentCallSid)
        .put("from", from).put("to", to).put("parameters", params);
  }
}
