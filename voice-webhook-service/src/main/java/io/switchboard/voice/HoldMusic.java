package io.switchboard.voice;

import io.vertx.core.buffer.Buffer;

/**
 * Switchboard's built-in hold music, synthesized at start (no media file to license or ship): a
 * slow, soft arpeggio of a C major seventh chord, 8 kHz 16-bit mono PCM in a WAV container, which
 * Twilio's {@code <Play>} accepts. About eight seconds; the waitUrl loops it.
 */
final class HoldMusic {
  static final int SAMPLE_RATE = 8_000;
  private static final double[] NOTES_HZ = {261.63, 329.63, 392.00, 493.88, 392.00, 329.63, 293.66, 349.23};
  private static final double NOTE_SECONDS = 1.0;
  private static final double VOLUME = 0.25;

  private HoldMusic() {}

  static Buffer wav() {
    int samplesPerNote = (int) (SAMPLE_RATE * NOTE_SECONDS);
    int samples = samplesPerNote * NOTES_HZ.length;
    Buffer pcm = Buffer.buffer(samples * 2);
    for (int n = 0; n < NOTES_HZ.length; n++) {
      for (int i = 0; i < samplesPerNote; i++) {
        double t = (double) i / SAMPLE_RATE;
        // Soft attack and a long decay, so notes do not click.
        double envelope = Math.min(1.0, t / 0.05) * Math.exp(-2.5 * t);
        double tone = Math.sin(2 * Math.PI * NOTES_HZ[n] * t) + 0.3 * Math.sin(4 * Math.PI * NOTES_HZ[n] * t);
        pcm.appendShortLE((short) (tone / 1.3 * envelope * VOLUME * Short.MAX_VALUE));
      }
    }
    return header(pcm.length()).appendBuffer(pcm);
  }

  private static Buffer header(int dataBytes) {
    return Buffer.buffer(44)
        .appendString("RIFF").appendIntLE(36 + dataBytes).appendString("WAVE")
        .appendString("fmt ").appendIntLE(16).appendShortLE((short) 1).appendShortLE((short) 1)
        .appendIntLE(SAMPLE_RATE).appendIntLE(SAMPLE_RATE * 2).appendShortLE((short) 2).appendShortLE((short) 16)
        .appendString("data").appendIntLE(dataBytes);
  }
}
