package io.switchboard.sim;

/** TwiML the simulator cannot run; the call gets Twilio's application-error treatment. */
final class TwimlException extends RuntimeException {
  private final int code;

  TwimlException(int code, String message) {
    super(message);
    this.code = code;
  }

  /** Twilio's error code (12100 document parse failure, 12200 schema validation, 11200 HTTP retrieval). */
  int code() {
    return code;
  }
}
