package io.switchboard.voice;

import io.switchboard.common.contract.CallerHistory;
import io.switchboard.common.contract.VoicemailView;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Every statement of the voice-webhook-service: voicemails and where each live caller was sent. */
public final class VoiceSql {

  /** A voicemail row as stored, with what the board does not see. */
  public record StoredVoicemail(VoicemailView view, String recordingUrl, boolean inserted) {}

  /** A call's route row; {@code ageMs}: time since it last changed. */
  public record CallRoute(String callSid, String orgId, String route, String agentId, long ageMs) {}

  /*
   * Every callback about one recording upserts the same row. The DO UPDATE only happens when the
   * callback adds something (a caller number, a URL, a duration, a transcription), so a duplicate
   * delivery returns no row and publishes nothing.
   */
  private static final String UPSERT_VOICEMAIL = """
      INSERT INTO voice.voicemails AS v (id, org_id, call_sid, from_number, recording_sid, recording_url,
                                         duration_seconds, transcription)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
      ON CONFLICT (recording_sid) DO UPDATE SET
        from_number = coalesce(v.from_number, EXCLUDED.from_number),
        recording_url = coalesce(EXCLUDED.recording_url, v.recording_url),
        duration_seconds = greatest(v.duration_seconds, EXCLUDED.duration_seconds),
        transcription = coalesce(EXCLUDED.transcription, v.transcription),
        version = v.version + 1
      WHERE (v.from_number IS NULL AND EXCLUDED.from_number IS NOT NULL)
         OR (EXCLUDED.recording_url IS NOT NULL AND EXCLUDED.recording_url IS DISTINCT FROM v.recording_url)
         OR EXCLUDED.duration_seconds > v.duration_seconds
         OR (EXCLUDED.transcription IS NOT NULL AND EXCLUDED.transcription IS DISTINCT FROM v.transcription)
      RETURNING v.*, (xmax = 0) AS inserted""";

  private static final String CLAIM_NOTIFICATION =
      "UPDATE voice.voicemails SET notified_at = now() WHERE id = $1 AND notified_at IS NULL RETURNING id";

  private static final String RECORD_NOTIFICATION = """
      UPDATE voice.voicemails SET notification = $2, notified_admins = $3, version = version + 1
      WHERE id = $1 RETURNING *, false AS inserted""";

  private static final String SET_HANDLED = """
      UPDATE voice.voicemails SET handled = $2, version = version + 1
      WHERE id = $1 AND org_id = $3 RETURNING *, false AS inserted""";

  private static final String FIND_VOICEMAIL = "SELECT *, false AS inserted FROM voice.voicemails WHERE id = $1";

  private static final String FIND_BY_RECORDING =
      "SELECT *, false AS inserted FROM voice.voicemails WHERE recording_sid = $1";

  private static final String ORG_VOICEMAILS = """
      SELECT *, false AS inserted FROM voice.voicemails WHERE org_id = $1
      ORDER BY created_at DESC, id LIMIT $2""";

  private static final String CALL_VOICEMAILS = """
      SELECT *, false AS inserted FROM voice.voicemails WHERE call_sid = $1 AND org_id = $2
      ORDER BY created_at, id""";

  /** Counted up to {@link CallerHistory#MAX_COUNTED}, as the screen-pop shows them. */
  private static final String OPEN_FROM_CALLER = "SELECT count(*) FROM (SELECT 1 FROM voice.voicemails"
      + " WHERE org_id = $1 AND from_number = $2 AND NOT handled LIMIT " + CallerHistory.MAX_COUNTED + ") counted";

  private static final String KNOWN_RECORDINGS =
      "SELECT recording_sid FROM voice.voicemails WHERE recording_sid = ANY ($1::text[])";

  private static final String INSERT_ROUTE = """
      INSERT INTO voice.call_routes (call_sid, org_id, route) VALUES ($1, $2, $3)
      ON CONFLICT (call_sid) DO NOTHING""";

  /**
   * Only a call still on one of the expected routes moves, so a webhook and a call change that react
   * to the same turn of a call (a ring that ended, every agent declining) send the caller on once.
   */
  private static final String MOVE_ROUTE = """
      UPDATE voice.call_routes SET route = $2, agent_id = $3, updated_at = now()
      WHERE call_sid = $1 AND route = ANY ($4::text[])
      RETURNING *, (extract(epoch FROM now() - updated_at) * 1000)::bigint AS age_ms""";

  private static final String FIND_ROUTE = """
      SELECT *, (extract(epoch FROM now() - updated_at) * 1000)::bigint AS age_ms
      FROM voice.call_routes WHERE call_sid = $1""";

  private static final String DELETE_ROUTE = "DELETE FROM voice.call_routes WHERE call_sid = $1";

  private final Pool pool;

  public VoiceSql(Pool pool) {
    this.pool = pool;
  }

  /** Inserts or completes the voicemail of {@code recordingSid}; empty when nothing changed. */
  public Future<Optional<StoredVoicemail>> upsertVoicemail(String orgId, String callSid, String from,
      String recordingSid, String recordingUrl, int durationSeconds, String transcription) {
    return pool.preparedQuery(UPSERT_VOICEMAIL)
        .execute(Tuple.of(UUID.randomUUID().toString(), orgId, callSid, from, recordingSid, recordingUrl,
            durationSeconds, transcription))
        .map(VoiceSql::firstVoicemail);
  }

  /** True for exactly one caller per voicemail: the one that sends the notification. */
  public Future<Boolean> claimNotification(String voicemailId) {
    return pool.preparedQuery(CLAIM_NOTIFICATION).execute(Tuple.of(voicemailId)).map(rows -> rows.size() == 1);
  }

  /** Stores how the admins were told ({@code VoicemailView.EMAILED}, ...); the row as it is now. */
  public Future<Optional<StoredVoicemail>> recordNotification(String voicemailId, String notification, int admins) {
    return pool.preparedQuery(RECORD_NOTIFICATION).execute(Tuple.of(voicemailId, notification, admins))
        .map(VoiceSql::firstVoicemail);
  }

  public Future<Optional<StoredVoicemail>> setHandled(String voicemailId, boolean handled, String orgId) {
    return pool.preparedQuery(SET_HANDLED).execute(Tuple.of(voicemailId, handled, orgId))
        .map(VoiceSql::firstVoicemail);
  }

  public Future<Optional<StoredVoicemail>> findVoicemail(String voicemailId) {
    return pool.preparedQuery(FIND_VOICEMAIL).execute(Tuple.of(voicemailId)).map(VoiceSql::firstVoicemail);
  }

  public Future<Optional<StoredVoicemail>> findByRecording(String recordingSid) {
    return pool.preparedQuery(FIND_BY_RECORDING).execute(Tuple.of(recordingSid)).map(VoiceSql::firstVoicemail);
  }

  /** Which of {@code recordingSids} have a voicemail row. */
  public Future<Set<String>> knownRecordings(List<String> recordingSids) {
    return pool.preparedQuery(KNOWN_RECORDINGS).execute(Tuple.of(recordingSids.toArray(new String[0])))
        .map(rows -> {
          Set<String> known = new HashSet<>();
          rows.forEach(row -> known.add(row.getString(0)));
          return known;
        });
  }

  public Future<List<VoicemailView>> voicemails(String orgId, int limit) {
    return pool.preparedQuery(ORG_VOICEMAILS).execute(Tuple.of(orgId, limit)).map(rows -> {
      List<VoicemailView> views = new ArrayList<>(rows.size());
      rows.forEach(row -> views.add(voicemail(row).view()));
      return views;
    });
  }

  /** The voicemails recorded on {@code callSid} of {@code orgId}, oldest first. */
  public Future<List<VoicemailView>> callVoicemails(String callSid, String orgId) {
    return pool.preparedQuery(CALL_VOICEMAILS).execute(Tuple.of(callSid, orgId)).map(rows -> {
      List<VoicemailView> views = new ArrayList<>(rows.size());
      rows.forEach(row -> views.add(voicemail(row).view()));
      return views;
    });
  }

  /** How many of {@code from}'s voicemails to {@code orgId} nobody has handled yet (the screen-pop). */
  public Future<Integer> openVoicemailsFrom(String orgId, String from) {
    return pool.preparedQuery(OPEN_FROM_CALLER).execute(Tuple.of(orgId, from))
        .map(rows -> (int) (long) rows.iterator().next().getLong(0));
  }

  /** Remembers where a new call was sent; a retried webhook keeps the first row. */
  public Future<Void> rememberRoute(String callSid, String orgId, String route) {
    return pool.preparedQuery(INSERT_ROUTE).execute(Tuple.of(callSid, orgId, route)).mapEmpty();
  }

  /** Moves the call to {@code route} if it is on one of {@code from}; the row if this caller moved it. */
  public Future<Optional<CallRoute>> moveRoute(String callSid, String route, String agentId, List<String> from) {
    return moveRoute(pool, callSid, route, agentId, from);
  }

  /** The same on {@code client} (the transaction of an {@code ActOnce} claim). */
  public Future<Optional<CallRoute>> moveRoute(SqlClient client, String callSid, String route,
      String agentId, List<String> from) {
    return client.preparedQuery(MOVE_ROUTE)
        .execute(Tuple.of(callSid, route, agentId, from.toArray(new String[0])))
        .map(VoiceSql::firstRoute);
  }

  public Future<Optional<CallRoute>> route(String callSid) {
    return pool.preparedQuery(FIND_ROUTE).execute(Tuple.of(callSid)).map(VoiceSql::firstRoute);
  }

  /** The call is over: its route goes, on {@code client} (the transaction of an {@code ActOnce} claim). */
  public Future<Void> forgetRoute(SqlClient client, String callSid) {
    return client.preparedQuery(DELETE_ROUTE).execute(Tuple.of(callSid)).mapEmpty();
  }

  private static Optional<StoredVoicemail> firstVoicemail(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(voicemail(rows.iterator().next()));
  }

  private static Optional<CallRoute> firstRoute(RowSet<Row> rows) {
    if (rows.size() == 0) {
      return Optional.empty();
    }
    Row row = rows.iterator().next();
    return Optional.of(new CallRoute(row.getString("call_sid"), row.getString("org_id"), row.getString("route"),
        row.getString("agent_id"), row.getLong("age_ms")));
  }

  private static StoredVoicemail voicemail(Row row) {
    VoicemailView view = new VoicemailView(
        row.getString("id"),
        row.getString("org_id"),
        row.getString("call_sid"),
        row.getString("from_number"),
        row.getString("recording_sid"),
        row.getInteger("duration_seconds"),
        row.getString("transcription"),
        row.getBoolean("handled"),
        row.getOffsetDateTime("created_at").toInstant(),
        row.getLong("version"),
        row.getString("notification"),
        row.getInteger("notified_admins"));
    return new StoredVoicemail(view, row.getString("recording_url"), row.getBoolean("inserted"));
  }
}
