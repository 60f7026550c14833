package io.switchboard.common.contract;

/**
 * How a call rings. {@code DIAL}: one Twilio {@code <Dial>} with a {@code <Client>} per agent (at
 * most ten, Twilio's limit). {@code QUEUE}: more than ten agents; the caller waits with hold music,
 * every available agent's dashboard rings, and the claim winner is dialed alone.
 */
public enum RingMode {
  DIAL,
  QUEUE;

  /** Twilio's {@code <Dial>} rings at most ten {@code <Client>}s: more agents than this ring in queue mode. */
  public static final int MAX_DIAL_AGENTS = 10;
}
