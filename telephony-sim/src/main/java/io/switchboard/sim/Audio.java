package io.switchboard.sim;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Small valid media files for simulated recordings: a quiet tone as WAV, silence as MP3. */
final class Audio {
  private static final int SAMPLE_RATE = 8_000;
  /** At most this much audio is generated, whatever the recording's length. */
  private static final int MAX_SECONDS = 60;

  private Audio() {}

  /** 8 kHz 16-bit mono PCM WAV with a soft 440 Hz tone (RIFF header + data). */
  static byte[] wav(long seconds) {
    int samples = (int) (SAMPLE_RATE * Math.max(1, Math.min(MAX_SECONDS, seconds)));
    int dataBytes = samples * 2;
    ByteBuffer buffer = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    buffer.put("RIFF".getBytes()).putInt(36 + dataBytes).put("WAVE".getBytes());
    buffer.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1)
        .putInt(SAMPLE_RATE).putInt(SAMPLE_RATE * 2).putShort((short) 2).putShort((short) 16);
    buffer.put("data".getBytes()).putInt(dataBytes);
    for (int i = 0; i < samples; i++) {
      buffer.putShort((short) (Math.sin(2 * Math.PI * 440 * i / SAMPLE_RATE) * 2_000));
    }
    return buffer.array();
  }

  /**
   * Silent MPEG-1 Layer III: 128 kbit/s, 44.1 kHz, mono frames of 417 bytes whose side information
   * is all zero (no audio data), about 38 frames a second.
   */
  static byte[] mp3(long seconds) {
    int frames = (int) Math.ceil(Math.max(1, Math.min(MAX_SECONDS, seconds)) * 44_100 / 1152.0);
    ByteArrayOutputStream out = new ByteArrayOutputStream(frames * 417);
    byte[] frame = new byte[417];
    frame[0] = (byte) 0xFF;
    frame[1] = (byte) 0xFB;
    frame[2] = (byte) 0x90;
    frame[3] = (byte) 0xC0;
    for (int i = 0; i < frames; i++) {
      out.writeBytes(frame);
    }
    return out.toByteArray();
  }
}
