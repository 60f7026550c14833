package io.switchboard.sim;

/** Whoever rang a leg (a {@code <Dial>}, or a REST-created call) and waits to hear how it went. */
interface LegOwner {
  /** The far end accepted; false when the leg may no longer connect (another leg already won). */
  boolean answered(SimCall leg);

  /** The leg reached a final status (rejected, timed out, canceled, hung up). */
  void ended(SimCall leg);

  /** The leg left the bridge but lives on (a REST update moved it to other TwiML). */
  default void left(SimCall leg) {
    ended(leg);
  }
}
