package io.switchboard.sim;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Every recording made by {@code <Record>}, and the URLs Twilio gives them. */
final class Recordings {
  private final Exchange ex;
  private final Map<String, Recording> bySid = new ConcurrentHashMap<>();

  Recordings(Exchange ex) {
    this.ex = ex;
  }

  Recording create(SimCall call, Instant started, long seconds) {
    Recording recording = new Recording(Sids.recording(), call.sid(), started, Instant.now(), seconds, null, null);
    bySid.put(recording.sid(), recording);
    return recording;
  }

  void update(Recording recording) {
    bySid.put(recording.sid(), recording);
  }

  Optional<Recording> get(String sid) {
    return Optional.ofNullable(bySid.get(sid));
  }

  List<Recording> all() {
    return bySid.values().stream().sorted(Comparator.comparing(Recording::createdAt)).toList();
  }

  /** The path of a recording resource, without extension. */
  String path(String sid) {
    return "/2010-04-01/Accounts/" + ex.accountSid() + "/Recordings/" + sid;
  }

  /**
   * Twilio's {@code RecordingUrl}: the media without extension (WAV), {@code .wav} and {@code .mp3}
   * appended give either format.
   */
  String mediaUrl(String sid) {
    return ex.baseUrl() + path(sid);
  }
}
