package io.switchboard.sim;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Dates as Twilio's resource JSON carries them ({@code Sat, 21 Nov 2026 04:00:00 +0000}); the
 * Twilio SDK silently reads any other format as null.
 */
final class Rfc2822 {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);

  private Rfc2822() {}

  static String format(Instant instant) {
    return instant == null ? null : FORMAT.format(instant);
  }
}
