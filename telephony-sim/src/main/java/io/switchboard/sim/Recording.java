package io.switchboard.sim;

import java.time.Instant;

/** A finished recording (Twilio's Recording resource) and its transcription, if one was asked for. */
record Recording(String sid, String callSid, Instant startTime, Instant createdAt, long durationSeconds,
    String transcriptionSid, String transcriptionText) {

  Recording withTranscription(String sid, String text) {
    return new Recording(this.sid, callSid, startTime, createdAt, durationSeconds, sid, text);
  }
}
