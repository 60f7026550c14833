package io.switchboard.sim;

import java.util.Map;
import java.util.Set;

/**
 * Who hears whom in a conference at one moment (the simulator's media model; a snapshot). For each
 * connected participant's CallSid, the sources it hears: other participants' CallSids, and
 * {@code hold:<url>} (its HoldUrl while held), {@code wait:<url>} (its waitUrl before the conference
 * starts), {@code announce:<url>} (an announcement playing). Held participants are heard by nobody,
 * muted ones by nobody, a coach only by the participant it coaches.
 */
public record ConferenceMedia(String conferenceSid, String friendlyName, String status,
    Map<String, Set<String>> hears) {

  /** Whether {@code listener} (a CallSid) hears {@code source} (a CallSid or a {@code hold:}/... source). */
  public boolean hears(String listener, String source) {
    return sources(listener).contains(source);
  }

  /** What {@code listener} hears (empty when it is not connected). */
  public Set<String> sources(String listener) {
    return hears.getOrDefault(listener, Set.of());
  }

  /** The participants who hear {@code source}. */
  public Set<String> listenersOf(String source) {
    return Set.copyOf(hears.entrySet().stream().filter(e -> e.getValue().contains(source)).map(Map.Entry::getKey)
        .toList());
  }

  /** The source a participant held with {@code holdUrl} hears. */
  public static String hold(String holdUrl) {
    return "hold:" + holdUrl;
  }

  /** Twilio's default hold music, what a participant held without a HoldUrl hears. */
  public static String defaultHoldMusic() {
    return "hold:" + Conferences.DEFAULT_HOLD_MUSIC;
  }
}
