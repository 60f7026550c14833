package io.switchboard.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * Stops the TwiML a call is running. A REST update (Twilio: "modifying a call interrupts the
 * TwiML it is executing") stops it silently; the caller hanging up stops it too, but lets verbs
 * do what Twilio documents for a hang-up (a Dial or Record still requests its action).
 */
final class Interrupt {
  enum Reason { REDIRECT, HANGUP }

  private final List<Runnable> listeners = new ArrayList<>();
  private Reason reason;

  boolean cancelled() {
    return reason != null;
  }

  Reason reason() {
    return reason;
  }

  /** Runs {@code listener} when interrupted (at once if already). Event-loop only. */
  void onCancel(Runnable listener) {
    if (reason != null) {
      listener.run();
    } else {
      listeners.add(listener);
    }
  }

  void cancel(Reason why) {
    if (reason != null) {
      return;
    }
    reason = why;
    List<Runnable> toRun = new ArrayList<>(listeners);
    listeners.clear();
    toRun.forEach(Runnable::run);
  }
}
