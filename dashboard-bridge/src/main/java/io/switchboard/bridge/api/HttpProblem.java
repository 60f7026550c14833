package io.switchboard.bridge.api;

/**
 * An HTTP-only failure the event-bus codes do not cover (401, 413, 415, 429), with the
 * {@code error} code and message of the shared JSON body.
 */
public final class HttpProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public final int status;
  final String code;
  /** Seconds for a {@code Retry-After} header; 0 for none. */
  final long retryAfterSeconds;

  HttpProblem(int status, String code, String message, long retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public static HttpProblem unauthorized(String message) {
    return new HttpProblem(401, "UNAUTHORIZED", message, 0);
  }

  static HttpProblem unsupportedMediaType() {
    return new HttpProblem(415, "UNSUPPORTED_MEDIA_TYPE", "the body must be application/json", 0);
  }

  public static HttpProblem tooManyRequests(long retryAfterSeconds) {
    return new HttpProblem(429, "TOO_MANY_REQUESTS", "too many failed logins; try again later", retryAfterSeconds);
  }
}
