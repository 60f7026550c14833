package io.switchboard.common.twilio;

import java.util.Set;

/**
 * Twilio's call statuses as Switchboard reads them, from a status webhook's {@code CallStatus} or a
 * fetched call resource: the webhook service and the parking lot must agree on when a caller is gone.
 */
public final class TwilioStatuses {
  /** The statuses after which the call is over: the caller is gone. */
  public static final Set<String> FINAL = Set.of("completed", "canceled", "failed", "busy", "no-answer");

  private TwilioStatuses() {}

  public static boolean isFinal(String status) {
    return status != null && FINAL.contains(status);
  }
}
