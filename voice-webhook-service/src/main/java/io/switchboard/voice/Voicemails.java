package io.switchboard.voice;

import io.switchboard.common.board.BoardDeltas;
import io.switchboard.common.bus.Failures;
import io.switchboard.common.contract.Actor;
import io.switchboard.common.contract.BoardQuery;
import io.switchboard.common.contract.CallLookup;
import io.switchboard.common.contract.VoicemailList;
import io.switchboard.common.contract.VoicemailLookup;
import io.switchboard.common.contract.VoicemailRecording;
import io.switchboard.common.contract.VoicemailUpdate;
import io.switchboard.common.contract.VoicemailView;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Voicemails: the three Twilio callbacks about a recording (the {@code <Record>} action, the
 * recording status callback and the transcription, in any order, any number of times), the board
 * delta, the admins' email, and the event-bus reads and updates the dashboard uses.
 */
final class Voicemails {
  private static final Logger LOG = LoggerFactory.getLogger(Voicemails.class);
  static final int SNAPSHOT_LIMIT = 200;

  private final VoiceSql sql;
  private final BoardDeltas board;
  private final VoicePeers others;
  private final VoicemailNotifier notifier;
  private final Twiml twiml;

  Voicemails(VoiceSql sql, BoardDeltas board, VoicePeers others, VoicemailNotifier notifier, Twiml twiml) {
    this.sql = sql;
    this.board = board;
    this.others = others;
    this.notifier = notifier;
    this.twiml = twiml;
  }

  /** {@code /twilio/voicemail}: the {@code <Record>} action; the caller is still on the line. */
  Future<String> recorded(TwilioRequest request) {
    String callSid = request.form("CallSid", TwilioRequest.CALL_SID);
    String recordingSid = request.form("RecordingSid", TwilioRequest.RECORDING_SID);
    String recordingUrl = request.url("RecordingUrl");
    int duration = request.optInt("RecordingDuration");
    String from = request.optForm("From", TwilioRequest.ADDRESS);
    String to = request.optForm("To", TwilioRequest.ADDRESS);
    String orgId = request.optQuery("org", TwilioRequest.ID);
    return org(orgId, to)
        .compose(org -> store(org, callSid, from, recordingSid, recordingUrl, duration, null))
        // A retry, or a status callback that came first, may have stored it already: notify from the row.
        .compose(stored -> sql.findByRecording(recordingSid))
        .compose(row -> row.isPresent() ? notifyAdmins(row.get().view()) : Future.succeededFuture())
        .recover(t -> {
          LOG.error("voicemail {} of call {} could not be stored ({}): recording at {}", recordingSid, callSid,
              t.toString(), recordingUrl);
          return Future.succeededFuture();
        })
        .map(v -> twiml.voicemailDone());
  }

  /**
   * A recording found at Twilio with no row here (its callbacks were lost): stored and the admins
   * told exactly as {@link #recorded} does; a callback arriving meanwhile converges on the same row.
   */
  Future<Void> recover(String orgId, String callSid, String from, String recordingSid, String recordingUrl,
      int duration) {
    return store(orgId, callSid, from, recordingSid, recordingUrl, duration, null)
        .compose(stored -> sql.findByRecording(recordingSid))
        .compose(row -> row.isPresent() ? notifyAdmins(row.get().view()) : Future.succeededFuture());
  }

  /** {@code /twilio/recording-status}. */
  Future<String> recordingStatus(TwilioRequest request) {
    String callSid = request.form("CallSid", TwilioRequest.CALL_SID);
    String recordingSid = request.form("RecordingSid", TwilioRequest.RECORDING_SID);
    String status = request.form("RecordingStatus", TwilioRequest.STATUS);
    String recordingUrl = request.url("RecordingUrl");
    int duration = request.optInt("RecordingDuration");
    String orgId = request.optQuery("org", TwilioRequest.ID);
    if (!status.equals("completed") || orgId == null) {
      return Future.succeededFuture(twiml.empty());
    }
    return store(orgId, callSid, null, recordingSid, recordingUrl, duration, null).map(v -> twiml.empty());
  }

  /** {@code /twilio/transcription}. */
  Future<String> transcribed(TwilioRequest request) {
    String callSid = request.form("CallSid", TwilioRequest.CALL_SID);
    String recordingSid = request.form("RecordingSid", TwilioRequest.RECORDING_SID);
    String status = request.optForm("TranscriptionStatus", TwilioRequest.STATUS);
    String text = request.optText("TranscriptionText");
    String recordingUrl = request.url("RecordingUrl");
    String orgId = request.optQuery("org", TwilioRequest.ID);
    if (orgId == null || text == null || (status != null && !status.equals("completed"))) {
      return Future.succeededFuture(twiml.empty());
    }
    return store(orgId, callSid, null, recordingSid, recordingUrl, 0, text).map(v -> twiml.empty());
  }

  private Future<String> org(String orgId, String to) {
    if (orgId != null) {
      return Future.succeededFuture(orgId);
    }
    if (to == null) {
      return Future.failedFuture(Failures.badRequest("'To' is required"));
    }
    return others.orgByNumber(to).map(org -> org.orgId());
  }

  private Future<Optional<VoicemailView>> store(String orgId, String callSid, String from, String recordingSid,
      String recordingUrl, int duration, String transcription) {
    return sql.upsertVoicemail(orgId, callSid, from, recordingSid, recordingUrl, duration, transcription)
        .map(stored -> stored.map(s -> {
          board.voicemail(s.view());
          return s.view();
        }));
  }

  /**
   * Exactly one email per voicemail, sent by whichever callback claims it first; how the admins were told
   * is stored and published, so the board shows it (a failed email too, and the failure still propagates).
   */
  private Future<Void> notifyAdmins(VoicemailView voicemail) {
    return sql.claimNotification(voicemail.voicemailId()).compose(mine -> !mine ? Future.succeededFuture()
        : others.adminEmails(voicemail.orgId()).compose(admins -> notifier.notify(voicemail, admins)
            .compose(how -> recordNotification(voicemail, how, admins.size()),
                failure -> recordNotification(voicemail, VoicemailView.FAILED, admins.size())
                    .transform(ignored -> Future.<Void>failedFuture(failure)))));
  }

  private Future<Void> recordNotification(VoicemailView voicemail, String how, int admins) {
    return sql.recordNotification(voicemail.voicemailId(), how, admins)
        .map(row -> {
          row.ifPresent(s -> board.voicemail(s.view()));
          return null;
        });
  }

  /** {@code voicemails.update}: mark handled or not; an agent of the org may. */
  Future<JsonObject> update(JsonObject json) {
    VoicemailUpdate update = VoicemailUpdate.fromJson(json);
    return sql.setHandled(update.voicemailId(), update.handled(), update.actor().orgId()).compose(updated -> {
      if (updated.isPresent()) {
        board.voicemail(updated.get().view());
        return Future.succeededFuture(updated.get().view().toJson());
      }
      return visible(update.voicemailId(), update.actor()).map(s -> s.view().toJson());
    });
  }

  /** {@code board.snapshot.voicemails}. */
  Future<JsonObject> snapshot(JsonObject json) {
    BoardQuery query = BoardQuery.fromJson(json);
    return sql.voicemails(query.orgId(), SNAPSHOT_LIMIT).map(list -> new VoicemailList(list).toJson());
  }

  /** {@code voicemails.of-call}: the voicemails of one call of the actor's org (none for another org's). */
  Future<JsonObject> ofCall(JsonObject json) {
    CallLookup lookup = CallLookup.fromJson(json);
    return sql.callVoicemails(lookup.callSid(), lookup.actor().orgId()).map(list -> new VoicemailList(list).toJson());
  }

  /** {@code voicemails.audio}: where the bridge fetches the recording to stream it. */
  Future<JsonObject> audio(JsonObject json) {
    VoicemailLookup lookup = VoicemailLookup.fromJson(json);
    return visible(lookup.voicemailId(), lookup.actor()).map(stored -> {
      if (stored.recordingUrl() == null) {
        throw Failures.notFound("the recording is not available yet");
      }
      return new VoicemailRecording(lookup.voicemailId(), stored.view().orgId(), stored.view().recordingSid(),
          stored.recordingUrl(), "audio/x-wav").toJson();
    });
  }

  private Future<VoiceSql.StoredVoicemail> visible(String voicemailId, Actor actor) {
    return sql.findVoicemail(voicemailId).map(found -> {
      VoiceSql.StoredVoicemail stored = found.orElseThrow(() -> Failures.notFound("no such voicemail"));
      actor.requireOrg(stored.view().orgId());
      return stored;
    });
  }
}
