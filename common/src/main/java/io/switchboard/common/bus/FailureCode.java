package io.switchboard.common.bus;

import java.util.Arrays;
import java.util.Optional;

/**
 * The only failure codes a Switchboard event-bus request may fail with. The numeric value is the
 * {@code ReplyException.failureCode()} on the wire and, by design, also the HTTP status it maps to.
 */
public enum FailureCode {
  BAD_REQUEST(400),
  FORBIDDEN(403),
  NOT_FOUND(404),
  CONFLICT(409),
  UNAVAILABLE(503);

  private final int status;

  FailureCode(int status) {
    this.status = status;
  }

  public int status() {
    return status;
  }

  public static Optional<FailureCode> ofStatus(int status) {
    return Arrays.stream(values()).filter(c -> c.status == status).findFirst();
  }
}
