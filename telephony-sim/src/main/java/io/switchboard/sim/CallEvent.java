package io.switchboard.sim;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * Something that happened on a simulated call, in order. Types: {@code status} (data.status),
 * {@code webhook} (kind, url, method, httpStatus), {@code say} (text), {@code play} (url),
 * {@code pause} (length), {@code dial} (to: list), {@code dial-connected} (callSid),
 * {@code dial-ended} (DialCallStatus, DialCallSid), {@code conference-joined} (name, sid),
 * {@code conference-waiting}, {@code conference-started}, {@code conference-left}, {@code beep},
 * {@code recorded} (recordingSid, duration), {@code redirected} (url or twiml),
 * {@code application-error} (code, message, document), {@code rejected} (reason), {@code hangup},
 * {@code screening} (url, method: a dialed leg answered and its {@code <Client url>} runs on it),
 * {@code screened-too-late} (its screening ended after another leg was bridged or the caller left),
 * {@code gather} (numDigits, finishOnKey, timeout), {@code gathered} (digits, finishedOnKey),
 * {@code dtmf} (digits: keys pressed on this call), {@code dtmf-heard} (digits, from: keys pressed on
 * a call this one hears), {@code send-digits} / {@code digits-sent} (digits: dialed to the party this
 * leg reached), {@code hold} (conferenceSid, holdUrl) / {@code unhold}, {@code muted} / {@code unmuted},
 * {@code coaching} (coaching, callSidToCoach), {@code announcement} (url), {@code conference-beep}
 * (joined or left: the beep this participant hears when another one enters or exits).
 */
public record CallEvent(String type, JsonObject data, Instant at) {

  public String get(String field) {
    Object value = data.getValue(field);
    return value == null ? null : value.toString();
  }

  @Override
  public String toString() {
    return type + data.encode();
  }
}
