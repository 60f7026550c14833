package io.switchboard.common.twilio;

import java.util.Set;

/**
 * Every URL Twilio calls on Switchboard (all served by the voice-webhook-service, all signature
 * checked). Other services build redirect URLs from these with {@code config.publicUrl(path)}.
 */
public final class TwilioPaths {
  private TwilioPaths() {}

  /** A new inbound call (the number's voice URL in the Twilio console). */
  public static final String VOICE = "/twilio/voice";
  /** The action of the ring {@code <Dial>}: DialCallStatus decides hang-up or voicemail. */
  public static final String DIAL_STATUS = "/twilio/dial-status";
  /** Voicemail prompt + {@code <Record>}, for a call redirected there (all declined, timeouts). */
  public static final String VOICEMAIL_PROMPT = "/twilio/voicemail-prompt";
  /** The {@code <Record>} action: the recording is done. */
  public static final String VOICEMAIL = "/twilio/voicemail";
  /** {@code recordingStatusCallback} of the voicemail recording. */
  public static final String RECORDING_STATUS = "/twilio/recording-status";
  /** {@code transcribeCallback}: the voicemail's text. */
  public static final String TRANSCRIPTION = "/twilio/transcription";
  /** The number's status callback URL: the caller's call progressed or ended. */
  public static final String CALL_STATUS = "/twilio/call-status";
  /**
   * {@code ?org=..&callSid=..&agent=..[&purpose=..]}: the {@code url} of every {@code <Client>}
   * Switchboard dials. Twilio requests it when that agent's leg answers, before bridging it to the
   * caller: the claim's winner is connected (an empty document: bridged), anyone else is hung up.
   */
  public static final String SCREEN = "/twilio/screen";
  /** Queue mode: what a caller hears while every dashboard rings. */
  public static final String QUEUE_WAIT = "/twilio/queue-wait";
  /**
   * {@code ?callSid=..&agent=..}: {@code <Dial><Client>agent</Client></Dial>} for one agent. Used by
   * queue mode (the claim winner), unpark, and a park timeout ringing back.
   */
  public static final String CONNECT = "/twilio/connect";
  /** The action of {@link #CONNECT}'s {@code <Dial>}: not answered puts the caller back. */
  public static final String CONNECT_STATUS = "/twilio/connect-status";
  /** {@code ?conference=park-<sid>-<ts>}: hold message, then the caller alone in a conference. */
  public static final String PARK_TWIML = "/twilio/park-twiml";
  /** The parking conference's {@code waitUrl}: hold music. */
  public static final String HOLD_MUSIC = "/twilio/hold-music";
  /** The parking conference's status callback: fills in the conference SID. */
  public static final String CONFERENCE_STATUS = "/twilio/conference-status";

  /** {@code ?org=..}: the action of the spot keypad's {@code <Gather>} ({@code Digits} {@code *2}: spot 2). */
  public static final String PARK_SPOT = "/twilio/park-spot";

  /** Every path above (for example to tag a webhook meter by path without unbounded values). */
  public static final Set<String> ALL = Set.of(VOICE, DIAL_STATUS, VOICEMAIL_PROMPT, VOICEMAIL,
      RECORDING_STATUS, TRANSCRIPTION, CALL_STATUS, SCREEN, QUEUE_WAIT, CONNECT, CONNECT_STATUS, PARK_TWIML,
      HOLD_MUSIC, CONFERENCE_STATUS, PARK_SPOT);
}
