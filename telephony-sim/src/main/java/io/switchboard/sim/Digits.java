package io.switchboard.sim;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * DTMF: keys pressed on a call ({@link SimCall#press}, a device's {@link SimDevice#sendDigits}) and
 * digits Twilio dials after a leg answers ({@code <Number sendDigits>}, Calls create
 * {@code SendDigits}: 0-9, A-D, {@code #}, {@code *}; {@code w} waits half a second, {@code W} a second;
 * at most 32).
 */
final class Digits {
  private Digits() {}

  static boolean validToSend(String digits) {
    return digits.length() <= 32 && digits.matches("[0-9A-Da-d#*wW]*");
  }

  static boolean validKeys(String keys) {
    return !keys.isEmpty() && keys.matches("[0-9A-Da-d#*]+");
  }

  /**
   * Dials {@code digits} to the party {@code leg} reached, after it answered: its phone hears them
   * (a {@code dtmf} message to its device; a {@code digits-sent} event on the leg). Completes when
   * the last one was sent (pauses take simulated time).
   */
  static Future<Void> send(Exchange ex, SimCall leg, String digits) {
    if (digits == null || digits.isEmpty()) {
      return Future.succeededFuture();
    }
    leg.record("send-digits", new JsonObject().put("digits", digits));
    return step(ex, leg, digits, 0, new StringBuilder());
  }

  private static Future<Void> step(Exchange ex, SimCall leg, String digits, int index, StringBuilder pending) {
    if (index == digits.length() || !leg.isLive()) {
      flush(leg, pending);
      return Future.succeededFuture();
    }
    char c = digits.charAt(index);
    if (c == 'w' || c == 'W') {
      flush(leg, pending);
      return ex.clock().sleep(Duration.ofMillis(c == 'w' ? 500 : 1000), leg.interrupt)
          .compose(v -> step(ex, leg, digits, index + 1, pending));
    }
    pending.append(c);
    return step(ex, leg, digits, index + 1, pending);
  }

  private static void flush(SimCall leg, StringBuilder pending) {
    if (pending.length() == 0) {
      return;
    }
    String keys = pending.toString();
    pending.setLength(0);
    leg.record("digits-sent", new JsonObject().put("digits", keys));
    if (leg.device != null) {
      leg.device.send(new JsonObject().put("type", "dtmf").put("callSid", leg.sid()).put("digits", keys));
    }
  }
}
