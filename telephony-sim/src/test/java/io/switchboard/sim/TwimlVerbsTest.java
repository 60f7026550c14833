package io.switchboard.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.common.testing.TestConfigs;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TwimlVerbsTest extends SimTestBase {

  @Test
  void anInboundCallRequestsTheVoiceUrlWithTwiliosParametersAndEndsWhenTheDocumentRunsOut() {
    app.twiml("/voice", response("<Say>Hello there</Say>"));
    SimCall call = sim.inboundCall(CALLER, NUMBER).await();
    call.awaitEnd(WITHIN).await();
    TestApp.Hit status = app.await("/call-status", WITHIN);

    TestApp.Hit voice = app.hits("/voice").get(0);
    assertEquals("POST", voice.method());
    assertEquals(call.sid(), voice.param("CallSid"));
    assertEquals("ringing", voice.param("CallStatus"));
    assertEquals("inbound", voice.param("Direction"));
    assertEquals(CALLER, voice.param("From"));
    assertEquals(NUMBER, voice.param("To"));
    assertEquals("2010-04-01", voice.param("ApiVersion"));
    assertEquals(TestConfigs.ACCOUNT_SID, voice.param("AccountSid"));
    assertEquals(List.of("Hello there"), call.heard());
    assertEquals("completed", call.status());
    assertEquals("completed", status.param("CallStatus"));
    assertEquals(List.of("/voice", "/call-status"), app.paths());
    assertAllSigned();
  }

  @Test
  void playRepeatsItsLoopAndPauseWaitsBeforeTheNextVerb() {
    app.twiml("/voice", response("<Play loop=\"3\">https://example.com/music.mp3</Play><Pause length=\"2\"/><Say>Done</Say>"));
    SimCall call = sim.inboundCall(CALLER, NUMBER).await();
    call.awaitEnd(WITHIN).await();
    List<String> media = call.events().stream().map(CallEvent::type)
        .filter(t -> List.of("play", "pause", "say").contains(t)).toList();
    assertEquals(List.of("play", "play", "play", "pause", "say"), media);
    assertEquals("https://example.com/music.mp3", call.events().stream().filter(e -> e.type().equals("play"))
        .findFirst().orElseThrow().get("url"));
  }

  @Test
  void redirectRequestsTheRelativeUrlWithItsMethodAndRunsWhatItReturns() {
    app.twiml("/voice", response("<Say>One</Say><Redirect method=\"GET\">next?step=2</Redirect><Say>never</Say>"));
    app.twiml("/next", response("<Say>Two</Say><Hangup/>"));
    SimCall call = sim.inboundCall(CALLER, NUMBER).await();
    call.awaitEnd(WITHIN).await();
    TestApp.Hit next = app.hits("/next").get(0);
    assertEquals("GET", next.method());
    assertEquals("2", next.param("step"));
    assertEquals(call.sid(), next.param("CallSid"));
    assertEquals("in-progress", next.param("CallStatus"));
    assertEquals(List.of("One", "Two"), call.heard());
    assertEquals("completed", call.status());
    assertAllSigned();
  }

  @Test
  void hangupEndsTheCallAndSkipsTheRest() {
    app.twiml("/voice", response("<Hangup/><Say>never</Say>"));
    SimCall call = sim.inboundCall(CALLER, NUMBER).await();
    call.awaitEnd(WITHIN).await();
    assertEquals("completed", call.status());
    assertTrue(call.heard().isEmpty());
  }

  @Test
  void rejectNeverAnswersAndEndsBusyOrNoAnswerByReason() {
    app.twiml("/voice", response("<Reject reason=\"busy\"/>"));
    SimCall busy = sim.inboundCall(CALLER, NUMBER).await();
    busy.awaitEnd(WITHIN).await();
    assertEquals("busy", busy.status());
    assertNull(busy.answeredAt());
    assertEquals("busy", app.await("/call-status", WITHIN).param("CallStatus"));

    app.twiml("/voice", response("<Reject/>"));
    SimCall rejected = sim.inboundCall(CALLER, NUMBER).await();
    rejected.awaitEnd(WITHIN).await();
    assertEquals("no-answer", rejected.status());
  }

  @Test
  void recordRequestsItsActionWithTheRecordingThenTheRecordingAndTranscriptionCallbacks() throws Exception {
    app.twiml("/voice", response("<Say>Leave a message</Say><Record action=\"/voicemail\" maxLength=\"60\" timeout=\"3\""
        + " transcribe=\"true\" transcribeCallback=\"/transcription\" recordingStatusCallback=\"/recording-status\"/>"));
    app.twiml("/voicemail", response("<Say>Thanks</Say><Hangup/>"));
    SimCall call = sim.inboundCall(CALLER, NUMBER).await();
    call.speakFor(Duration.ofSeconds(7));
    TestApp.Hit action = app.await("/voicemail", WITHIN);
    TestApp.Hit status = app.await("/recording-status", WITHIN);
    TestApp.Hit transcription = app.await("/transcription", WITHIN);
    call.awaitEnd(WITHIN).await();

    String sid = action.param("RecordingSid");
    assertTrue(sid.matches("RE[0-9a-f]{32}"), sid);
    assertEquals("7", action.param("RecordingDuration"));
    assertEquals(sim.baseUrl() + "/2010-04-01/Accounts/" + TestConfigs.ACCOUNT_SID
        + "/Recordings/" + sid, action.param("RecordingUrl"));
    assertNull(action.param("Digits"));
    assertEquals("completed", status.param("RecordingStatus"));
    assertEquals(sid, status.param("RecordingSid"));
    assertEquals(sid, transcription.param("RecordingSid"));
    assertEquals("completed", transcription.param("TranscriptionStatus"));
    assertTrue(transcription.param("TranscriptionText").contains("7 second"), transcription.param("TranscriptionText"));
    assertEquals(List.of("Leave a message", "Thanks"), call.heard());

    var client = HttpClient.newHttpClient();
    var wav = client.send(HttpRequest.newBuilder(URI.create(action.param("RecordingUrl") + ".wav")).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, wav.statusCode());
    AudioInputStream audio = AudioSystem.getAudioInputStream(
        new ByteArrayInputStream(wav.body()));
    assertEquals(7 * 8000, audio.getFrameLength(), "a valid WAV as long as the recording");
    var mp3 = client.send(HttpRequest.newBuilder(URI.create(action.param("RecordingUrl") + ".mp3")).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, mp3.statusCode());
    assertEquals("audio/mpeg", mp3.headers().firstValue("Content-Type").orElse(""));
    assertEquals((byte) 0xFF, mp3.body()[0]);
    assertAllSigned();
  }

  @Test
  void aCallerHangingUpWhileRecordingStillGetsTheActionWithDigitsHangup() {
    app.twiml("/voice", response("<Record action=\"/voicemail\" maxLength=\"600\"/>"));
    SimCall call = sim.inboundCall(CALLER, NUMBER).await();
    call.speakFor(Duration.ofSeconds(300));
    // The recording starts at its beep, after the voice webhook's answer: the hang-up is timed from
    // there (timed from the call's start, a slow webhook on a loaded machine ate into the 20 s).
    call.awaitEvent("beep", WITHIN).await();
    call.hangUpAfter(Duration.ofSeconds(20));
    TestApp.Hit action = app.await("/voicemail", WITHIN);
    assertEquals("hangup", action.param("Digits"));
    long seconds = Long.parseLong(action.param("RecordingDuration"));
    // At least the 20 s after the beep; the upper bound (the beep reaching this test takes time on a
    // loaded machine) is far below maxLength's 600: the recording stopped at the hang-up.
    assertTrue(seconds >= 19 && seconds <= 120, "recorded until the hang-up: " + seconds);
    assertEquals("completed", action.param("CallStatus"));
  }

  @Test
  void nothingSaidMeansNoRecordingAndTheNextVerbRuns() {
    app.twiml("/voice", response("<Record action=\"/voicemail\" timeout=\"2\"/><Say>No message</Say>"));
    SimCall call = sim.inboundCall(CALLER, NUMBER).await();
    call.speakFor(Duration.ZERO);
    call.awaitEnd(WITHIN).await();
    assertEquals(List.of("No message"), call.heard());
    assertTrue(app.hits("/voicemail").isEmpty());
  }
}
