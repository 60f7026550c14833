package io.switchboard.launcher;

/** A start-up failure with the exit code and the single line the operator sees. */
final class StartupException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  static final int CONFIG = 2;
  static final int DATABASE = 3;
  static final int CLUSTER = 4;
  static final int SERVICE = 5;

  private final int exitCode;

  StartupException(int exitCode, String line, Throwable cause) {
    super(line, cause);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
