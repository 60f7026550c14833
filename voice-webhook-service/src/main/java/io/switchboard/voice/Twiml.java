package io.switchboard.voice;

import com.twilio.http.HttpMethod;
import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Client;
import com.twilio.twiml.voice.Conference;
import com.twilio.twiml.voice.Dial;
import com.twilio.twiml.voice.Gather;
import com.twilio.twiml.voice.Hangup;
import com.twilio.twiml.voice.Identity;
import com.twilio.twiml.voice.Parameter;
import com.twilio.twiml.voice.Play;
import com.twilio.twiml.voice.Record;
import com.twilio.twiml.voice.Redirect;
import com.twilio.twiml.voice.Say;
import io.switchboard.common.bus.Failures;
import io.switchboard.common.config.SwitchboardConfig;
import io.switchboard.common.twilio.TwilioPaths;
import io.switchboard.common.twilio.WebhookUrls;
import java.util.List;

/**
 * Every TwiML document Switchboard answers with, built with the Twilio SDK's {@code VoiceResponse}
 * builders and written as the SDK writes them ({@link TwimlWriter}). Every callback URL is absolute
 * (the public URL Twilio signs) and carries, in its query, what the callback needs to know (org,
 * PSTN CallSid, agent), so callbacks need no lookups to act.
 */
public final class Twiml {
  /** The built-in hold music, generated at start and served without a signature (Twilio fetches media plainly). */
  public static final String HOLD_MUSIC_MEDIA = "/twilio/media/hold-music.wav";
  /** Longest voicemail, seconds. */
  static final int MAX_VOICEMAIL_SECONDS = 120;
  /** The custom {@code <Parameter>} the browser claims with: the caller's PSTN CallSid. */
  public static final String CALL_SID_PARAMETER = "callSid";

  private final SwitchboardConfig config;

  public Twiml(SwitchboardConfig config) {
    this.config = config;
  }

  /** Why a single agent is dialed through {@link TwilioPaths#CONNECT}: decides what "not answered" means and who hears of a connect. */
  public enum Purpose {
    /** queue mode: the claim winner; not answered -> back to the queue. */
    CLAIM,
    /** a parked call retrieved to an agent; not answered -> back to the lot. */
    UNPARK,
    /** a park timeout rings the parker back; not answered -> every available agent. */
    RINGBACK;

    public String wire() {
      return name().toLowerCase();
    }

    public static Purpose parse(String value) {
      for (Purpose p : values()) {
        if (p.wire().equals(value)) {
          return p;
        }
      }
      throw Failures.badRequest("'purpose' must be claim, unpark or ringback");
    }
  }

  private String url(String path, String... pairs) {
    return WebhookUrls.of(config, path, pairs);
  }

  private static Say say(String text) {
    return new Say.Builder(text).build();
  }

  /** An unknown number: a polite message, then hang up. */
  public String unknownNumber() {
    return TwimlWriter.write(new VoiceResponse.Builder()
        .say(say("Sorry, this number is not in service. Goodbye."))
        .hangup(new Hangup.Builder().build()));
  }

  public String hangup() {
    return TwimlWriter.write(new VoiceResponse.Builder().hangup(new Hangup.Builder().build()));
  }

  /** An acknowledgement with no instructions (status callbacks). */
  public String empty() {
    return TwimlWriter.write(new VoiceResponse.Builder());
  }

  /**
   * The voicemail prompt: a message, then {@code <Record>} with its action, transcription and
   * recording status callbacks. {@code orgId} may be null (the directory was unreachable); the
   * callbacks then find the org by the called number.
   */
  public String voicemail(String orgId) {
    Record record = new Record.Builder()
        .action(url(TwilioPaths.VOICEMAIL, "org", orgId)).method(HttpMethod.POST)
        .maxLength(MAX_VOICEMAIL_SECONDS).playBeep(true)
        .transcribe(true).transcribeCallback(url(TwilioPaths.TRANSCRIPTION, "org", orgId))
        .recordingStatusCallback(url(TwilioPaths.RECORDING_STATUS, "org", orgId))
        .recordingStatusCallbackMethod(HttpMethod.POST)
        .build();
    return TwimlWriter.write(new VoiceResponse.Builder()
        .say(say("Sorry, no one is available to take your call. Please leave a message after the tone."))
        .record(record)
        .say(say("We did not receive a message. Goodbye."))
        .hangup(new Hangup.Builder().build()));
  }

  /** After the recording: thank the caller and hang up. */
  public String voicemailDone() {
    return TwimlWriter.write(new VoiceResponse.Builder()
        .say(say("Thank you for your message. Goodbye."))
        .hangup(new Hangup.Builder().build()));
  }

  /** Rings up to ten agents at once; each {@code <Client>} carries the caller's CallSid. */
  public String dial(String orgId, String callSid, List<String> agents, int timeoutSeconds) {
    Dial.Builder dial = new Dial.Builder()
        .timeout(timeoutSeconds).answerOnBridge(true)
        .action(url(TwilioPaths.DIAL_STATUS, "org", orgId)).method(HttpMethod.POST);
    for (String agent : agents) {
      dial.client(client(orgId, callSid, agent, null));
    }
    return TwimlWriter.write(new VoiceResponse.Builder().dial(dial.build()));
  }

  /**
   * One agent's {@code <Client>}: its {@code url} is the screening webhook, which Twilio requests
   * when this leg answers and before it bridges it, so Switchboard, not whichever device answers
   * first, decides who is connected to the caller.
   */
  private Client client(String orgId, String callSid, String agent, Purpose purpose) {
    return new Client.Builder()
        .identity(new Identity.Builder(agent).build())
        .parameter(new Parameter.Builder().name(CALL_SID_PARAMETER).value(callSid).build())
        .url(WebhookUrls.screen(config, orgId, callSid, agent, purpose == null ? null : purpose.wire()))
        .method(HttpMethod.POST)
        .build();
  }

  /** Screening: the leg answered by the call's agent is bridged (an empty document ends at once). */
  public String bridge() {
    return empty();
  }

  /** Queue mode: hold music, then ask again (the wait handler decides when the wait is over). */
  public String queueWait(String orgId, boolean first) {
    VoiceResponse.Builder response = new VoiceResponse.Builder();
    if (first) {
      response.say(say("All our agents are busy. Please hold and the next available agent will answer."));
    }
    return TwimlWriter.write(response
        .play(new Play.Builder(config.publicUrl(HOLD_MUSIC_MEDIA)).build())
        .redirect(new Redirect.Builder(url(TwilioPaths.QUEUE_WAIT, "org", orgId)).method(HttpMethod.POST).build()));
  }

  /** The URL of {@link TwilioPaths#CONNECT} for one agent. */
  public String connectUrl(String orgId, String callSid, String agent, Purpose purpose) {
    return WebhookUrls.connect(config, orgId, callSid, agent, purpose.wire());
  }

  /** Dials one agent; the action decides what happens if the agent does not answer. */
  public String connect(String orgId, String callSid, String agent, Purpose purpose, int timeoutSeconds) {
    Dial dial = new Dial.Builder()
        .timeout(timeoutSeconds).answerOnBridge(true)
        .action(url(TwilioPaths.CONNECT_STATUS, "org", orgId, "callSid", callSid, "agent", agent,
            "purpose", purpose.wire())).method(HttpMethod.POST)
        .client(client(orgId, callSid, agent, purpose))
        .build();
    VoiceResponse.Builder response = new VoiceResponse.Builder();
    if (purpose != Purpose.CLAIM) {
      response.say(say("Connecting you to an agent now."));
    }
    return TwimlWriter.write(response.dial(dial));
  }

  /**
   * The parking lot: a short message, then the caller alone in a conference that plays hold music.
   * {@code startConferenceOnEnter=false}: the conference does not start with the caller alone, so
   * the waitUrl's music plays (the earlier notes started it and the music never played).
   */
  public String park(String orgId, String conferenceName) {
    Conference conference = new Conference.Builder(conferenceName)
        .beep(Conference.Beep.FALSE)
        .waitUrl(url(TwilioPaths.HOLD_MUSIC, "org", orgId)).waitMethod(HttpMethod.POST)
        .startConferenceOnEnter(false)
        .endConferenceOnExit(true)
        .statusCallback(url(TwilioPaths.CONFERENCE_STATUS, "org", orgId)).statusCallbackMethod(HttpMethod.POST)
        .statusCallbackEvents(List.of(Conference.Event.START, Conference.Event.JOIN, Conference.Event.END))
        .build();
    return TwimlWriter.write(new VoiceResponse.Builder()
        .say(say("Your call is being placed on hold."))
        .dial(new Dial.Builder().conference(conference).build()));
  }

  /** The longest key sequence the spot keypad takes: {@code *} and a spot of up to three digits. */
  static final int SPOT_KEYS = 4;

  /**
   * While the org has parked calls, an inbound call first listens, silently, for {@code *} and a
   * spot ({@code *2#}, or {@code *2} then the timeout); with no key it goes on at once to the normal
   * ring ({@code /twilio/voice?keypad=done}), so a caller who presses nothing waits
   * {@code timeoutSeconds} more than with an empty lot, and nothing is played to them. Why a
   * {@code <Gather>} and not {@code <Dial hangupOnStar>}: the ring's {@code <Dial answerOnBridge>}
   * leaves the call unanswered while agents ring, and Twilio documents {@code hangupOnStar} only
   * for a bridged call (it hangs up the called party), so a {@code *} keyed during the ring cannot
   * be relied on to reach Switchboard.
   */
  public String spotKeypad(String orgId, int timeoutSeconds) {
    Gather gather = new Gather.Builder()
        .inputs(Gather.Input.DTMF).numDigits(SPOT_KEYS).finishOnKey("#").timeout(timeoutSeconds)
        .actionOnEmptyResult(false)
        .action(url(TwilioPaths.PARK_SPOT, "org", orgId)).method(HttpMethod.POST)
        .build();
    return new VoiceResponse.Builder()
        .gather(gather)
        .redirect(new Redirect.Builder(url(TwilioPaths.VOICE, "keypad", "done")).method(HttpMethod.POST).build())
        .build().toXml();
  }

  /** Keys that are not {@code *} and a spot: the caller rings the agents as anyone else. */
  public String ringAfterKeypad() {
    return new VoiceResponse.Builder()
        .redirect(new Redirect.Builder(url(TwilioPaths.VOICE, "keypad", "done")).method(HttpMethod.POST).build())
        .build().toXml();
  }

  /**
   * The retriever won the parked call: it joins the park conference, which starts (the caller's
   * hold music stops) and ends when either of them leaves.
   */
  public String spotRetrieved(int spot, String conferenceName) {
    Conference conference = new Conference.Builder(conferenceName)
        .beep(Conference.Beep.FALSE)
        .startConferenceOnEnter(true)
        .endConferenceOnExit(true)
        .build();
    return new VoiceResponse.Builder()
        .say(say("Connecting you to the call parked in spot " + spot + "."))
        .dial(new Dial.Builder().conference(conference).build())
        .build().toXml();
  }

  /** No call (or no longer one) in that spot: said plainly, then hang up. */
  public String spotUnavailable(String message) {
    return new VoiceResponse.Builder()
        .say(say(message))
        .hangup(new Hangup.Builder().build())
        .build().toXml();
  }

  /** The URL that puts a call in the lot (parking redirects the caller here). */
  public String parkUrl(String orgId, String conferenceName) {
    return WebhookUrls.parkTwiml(config, orgId, conferenceName);
  }

  /** The conference's waitUrl: the org's music, or the built-in one, repeated. */
  public String holdMusic(String musicUrl) {
    String url = musicUrl != null ? musicUrl : config.publicUrl(HOLD_MUSIC_MEDIA);
    return TwimlWriter.write(new VoiceResponse.Builder().play(new Play.Builder(url).loop(0).build()));
  }
}
