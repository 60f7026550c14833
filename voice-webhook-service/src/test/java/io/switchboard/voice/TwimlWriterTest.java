package io.switchboard.voice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.twilio.http.HttpMethod;
import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Client;
import com.twilio.twiml.voice.Conference;
import com.twilio.twiml.voice.Dial;
import com.twilio.twiml.voice.Hangup;
import com.twilio.twiml.voice.Identity;
import com.twilio.twiml.voice.Parameter;
import com.twilio.twiml.voice.Play;
import com.twilio.twiml.voice.Record;
import com.twilio.twiml.voice.Redirect;
import com.twilio.twiml.voice.Say;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** TwimlWriter writes every document byte for byte as the Twilio SDK's own toXml(). */
class TwimlWriterTest {
  /** Text and URLs with everything XML must escape, and characters beyond ASCII. */
  private static final String AWKWARD = "Ann & Ben's <\"desk\"> — café ☎";
  private static final String URL = "https://example.test/twilio/screen?org=o%26x&callSid=CA1&agent=a<b>\"c'";

  private static List<Supplier<VoiceResponse.Builder>> documents() {
    return List.of(
        VoiceResponse.Builder::new,
        () -> new VoiceResponse.Builder().hangup(new Hangup.Builder().build()),
        () -> new VoiceResponse.Builder().say(new Say.Builder(AWKWARD).build()).hangup(new Hangup.Builder().build()),
        () -> {
          Dial.Builder dial = new Dial.Builder().timeout(30).answerOnBridge(true).action(URL).method(HttpMethod.POST);
          for (int i = 0; i < 10; i++) {
            dial.client(new Client.Builder()
                .identity(new Identity.Builder("agent-" + i + AWKWARD).build())
                .parameter(new Parameter.Builder().name("callSid").value("CA" + i + "&<>").build())
                .url(URL + i).method(HttpMethod.POST).build());
          }
          return new VoiceResponse.Builder().dial(dial.build());
        },
        () -> new VoiceResponse.Builder()
            .say(new Say.Builder("Please leave a message.").build())
            .record(new Record.Builder().action(URL).method(HttpMethod.POST).maxLength(120).playBeep(true)
                .transcribe(true).transcribeCallback(URL).recordingStatusCallback(URL)
                .recordingStatusCallbackMethod(HttpMethod.POST).build())
            .say(new Say.Builder("Goodbye.").build())
            .hangup(new Hangup.Builder().build()),
        () -> new VoiceResponse.Builder()
            .say(new Say.Builder("Please hold.").build())
            .play(new Play.Builder(URL).build())
            .redirect(new Redirect.Builder(URL).method(HttpMethod.POST).build()),
        () -> new VoiceResponse.Builder().play(new Play.Builder(URL).loop(0).build()),
        () -> new VoiceResponse.Builder()
            .say(new Say.Builder("Your call is being placed on hold.").build())
            .dial(new Dial.Builder().conference(new Conference.Builder("park-" + AWKWARD)
                .beep(Conference.Beep.FALSE).waitUrl(URL).waitMethod(HttpMethod.POST)
                .startConferenceOnEnter(false).endConferenceOnExit(true)
                .statusCallback(URL).statusCallbackMethod(HttpMethod.POST)
                .statusCallbackEvents(List.of(Conference.Event.START, Conference.Event.JOIN, Conference.Event.END))
                .build()).build()));
  }

  @Test
  void everyKindOfDocumentIsWrittenExactlyAsTheSdkWritesItAgainAndAgain() {
    for (int round = 0; round < 3; round++) {
      for (Supplier<VoiceResponse.Builder> document : documents()) {
        assertEquals(document.get().build().toXml(), TwimlWriter.write(document.get()));
      }
    }
  }

  @Test
  void threadsWritingAtOnceEachGetTheirOwnDocument() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> writes = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        writes.add(pool.submit(() -> {
          for (int i = 0; i < 200; i++) {
            Supplier<VoiceResponse.Builder> document = documents().get(i % documents().size());
            assertEquals(document.get().build().toXml(), TwimlWriter.write(document.get()));
          }
          return null;
        }));
      }
      for (Future<?> write : writes) {
        write.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
