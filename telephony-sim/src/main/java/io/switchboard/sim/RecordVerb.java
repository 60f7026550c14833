package io.switchboard.sim;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code <Record>}, following Twilio's Record docs. The simulated caller talks for its
 * {@link SimCall#speakFor speech} length, then is silent: the recording stops after
 * {@code timeout} seconds of silence (default 5) or at {@code maxLength} (default 3600). Twilio
 * then requests {@code action} (default: the current document's URL) with {@code RecordingUrl},
 * {@code RecordingDuration}, {@code RecordingSid} (and {@code Digits=hangup} when the caller hung
 * up, in which case the answer is ignored); {@code recordingStatusCallback} hears
 * {@code RecordingStatus=completed}; {@code transcribe}/{@code transcribeCallback} get a
 * transcription a little later. When nothing was said Twilio makes no recording and goes on with
 * the next verb. A REST update during recording discards it.
 */
final class RecordVerb {
  /** Simulated time a transcription takes. */
  static final Duration TRANSCRIPTION_DELAY = Duration.ofSeconds(2);

  private final Exchange ex;
  private final SimCall call;
  private final TwimlNode verb;
  private final URI docUrl;
  private final Interrupt it;

  RecordVerb(Exchange ex, SimCall call, TwimlNode verb, URI docUrl, Interrupt it) {
    this.ex = ex;
    this.call = call;
    this.verb = verb;
    this.docUrl = docUrl;
    this.it = it;
  }

  Future<Step> run() {
    ex.answer(call);
    URI action = verb.attr("action", null) == null ? docUrl : TwimlRunner.resolve(docUrl, verb.attr("action", null));
    if (action == null) {
      throw new TwimlException(12200, "<Record> without action in a document without a URL");
    }
    int maxLength = verb.intAttr("maxLength", 3600, 1, 14_400);
    int silence = verb.intAttr("timeout", 5, 0, 3600);
    if (verb.boolAttr("playBeep", true)) {
      call.record("beep", new JsonObject());
    }
    long talk = Math.min(call.speech().toSeconds(), maxLength);
    Duration wait = Duration.ofSeconds(talk + (talk < maxLength ? silence : 0));
    Instant started = Instant.now();
    return ex.clock().sleep(wait, it).map(v -> finish(action, started, talk));
  }

  private Step finish(URI action, Instant started, long talk) {
    boolean hungUp = it.cancelled() && it.reason() == Interrupt.Reason.HANGUP;
    if (it.cancelled() && !hungUp) {
      return Step.STOP;
    }
    long seconds = hungUp ? Math.min(talk, ex.clock().simulatedSeconds(started, Instant.now())) : talk;
    if (seconds <= 0) {
      call.record("recorded", new JsonObject().put("recordingSid", (String) null).put("duration", 0));
      return hungUp ? Step.STOP : Step.CONTINUE;
    }
    Recording recording = ex.recordings.create(call, started, seconds);
    call.record("recorded", new JsonObject().put("recordingSid", recording.sid()).put("duration", seconds));
    recordingStatusCallback(recording);
    transcribe(recording);
    Map<String, String> params = new LinkedHashMap<>();
    params.put("RecordingUrl", ex.recordings.mediaUrl(recording.sid()));
    params.put("RecordingDuration", Long.toString(seconds));
    params.put("RecordingSid", recording.sid());
    if (hungUp) {
      params.put("Digits", "hangup");
      Map<String, String> all = ex.callParams(call);
      all.putAll(params);
      ex.webhooks().notify(call, "action", action, method(), all);
      return Step.STOP;
    }
    return Step.fetch("action", action, method(), params);
  }

  private String method() {
    return verb.attr("method", "POST").toUpperCase();
  }

  private void recordingStatusCallback(Recording recording) {
    String url = verb.attr("recordingStatusCallback", null);
    if (url == null) {
      return;
    }
    Map<String, String> params = new LinkedHashMap<>();
    params.put("AccountSid", ex.accountSid());
    params.put("CallSid", call.sid());
    params.put("RecordingSid", recording.sid());
    params.put("RecordingUrl", ex.recordings.mediaUrl(recording.sid()));
    params.put("RecordingStatus", "completed");
    params.put("RecordingDuration", Long.toString(recording.durationSeconds()));
    params.put("RecordingChannels", "1");
    params.put("RecordingStartTime", Rfc2822.format(recording.startTime()));
    params.put("RecordingSource", "RecordVerb");
    ex.webhooks().notify(call, "recording-status", TwimlRunner.resolve(docUrl, url),
        verb.attr("recordingStatusCallbackMethod", "POST").toUpperCase(), params);
  }

  private void transcribe(Recording recording) {
    String callback = verb.attr("transcribeCallback", null);
    if (!verb.boolAttr("transcribe", false) && callback == null) {
      return;
    }
    String text = "This is a simulated transcription of a " + recording.durationSeconds()
        + " second message from " + call.from() + ".";
    ex.clock().after(TRANSCRIPTION_DELAY, () -> {
      Recording transcribed = recording.withTranscription(Sids.transcription(), text);
      ex.recordings.update(transcribed);
      if (callback == null) {
        return;
      }
      Map<String, String> params = ex.callParams(call);
      params.put("RecordingSid", recording.sid());
      params.put("RecordingUrl", ex.recordings.mediaUrl(recording.sid()));
      params.put("TranscriptionSid", transcribed.transcriptionSid());
      params.put("TranscriptionText", text);
      params.put("TranscriptionStatus", "completed");
      params.put("TranscriptionUrl", ex.baseUrl() + "/2010-04-01/Accounts/" + ex.accountSid() + "/Transcriptions/"
          + transcribed.transcriptionSid());
      ex.webhooks().notify(call, "transcription", TwimlRunner.resolve(docUrl, callback), "POST", params);
    });
  }
}
