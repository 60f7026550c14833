package io.switchboard.sim;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Twilio-shaped SIDs: a two-letter prefix and 32 lower-case hex digits. */
final class Sids {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Sids() {}

  static String call() {
    return next("CA");
  }

  static String conference() {
    return next("CF");
  }

  static String recording() {
    return next("RE");
  }

  static String transcription() {
    return next("TR");
  }

  private static String next(String prefix) {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return prefix + HexFormat.of().formatHex(bytes);
  }
}
