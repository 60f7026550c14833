package io.switchboard.voice;

import com.twilio.base.Page;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.rest.api.v2010.account.Recording;
import io.switchboard.common.bus.FailureCode;
import io.switchboard.common.bus.Failures;
import io.switchboard.common.config.SwitchboardConfig;
import io.switchboard.common.twilio.TwilioRest;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings back voicemails whose callbacks were lost: a recording callback answered while PostgreSQL
 * was down is never sent again by Twilio, so the message would exist only at Twilio. Each pass lists
 * the account's recordings created since the last complete pass (a day back at start), page by
 * page, and stores every completed {@code <Record>} recording Switchboard has no row for, as the
 * recording callback would have ({@link Voicemails#recover}: same upsert, idempotent on the
 * RecordingSid, one email). Switchboard records nothing but voicemail; a recording of a call to a
 * number no organization owns is left alone. The window moves on only after a pass that saw every
 * page, so a pass cut short by an outage is repeated.
 */
final class VoicemailRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(VoicemailRecovery.class);
  /** How far back the first pass after start looks. */
  static final Duration FIRST_LOOKBACK = Duration.ofDays(1);
  /** Recordings per page, and pages per pass: bounds the REST requests of one pass. */
  static final long PAGE_SIZE = 100;
  static final int MAX_PAGES = 10;
  /** The next window starts this long before the last pass did: recordings in flight at that moment. */
  static final Duration OVERLAP = Duration.ofMinutes(2);

  private final SwitchboardConfig config;
  private final TwilioRest rest;
  private final VoiceSql sql;
  private final Voicemails voicemails;
  private final VoicePeers others;
  private Instant since = Instant.now().minus(FIRST_LOOKBACK);

  VoicemailRecovery(SwitchboardConfig config, TwilioRest rest, VoiceSql sql, Voicemails voicemails,
      VoicePeers others) {
    this.config = config;
    this.rest = rest;
    this.sql = sql;
    this.voicemails = voicemails;
    this.others = others;
  }

  /** One pass; the number of voicemails it stored. */
  Future<Integer> pass() {
    Instant started = Instant.now();
    return rest.call(c -> Recording.reader().setDateCreatedAfter(since.atZone(ZoneOffset.UTC))
            .setPageSize(PAGE_SIZE).firstPage(c))
        .compose(first -> pages(first, 1, 0))
        .onSuccess(recovered -> since = started.minus(OVERLAP));
  }

  private Future<Integer> pages(Page<Recording> page, int seen, int recovered) {
    return recoverMissing(page.getRecords()).compose(stored -> {
      if (!page.hasNextPage()) {
        return Future.succeededFuture(recovered + stored);
      }
      if (seen >= MAX_PAGES) {
        // More than a pass may read: the window stays, and the next pass reads it again.
        return Future.failedFuture(Failures.unavailable("more than " + MAX_PAGES + " pages of recordings"));
      }
      return rest.call(c -> Recording.reader().nextPage(page, c))
          .compose(next -> pages(next, seen + 1, recovered + stored));
    });
  }

  private Future<Integer> recoverMissing(List<Recording> recordings) {
    List<Recording> candidates = recordings.stream()
        .filter(r -> r.getStatus() != null && r.getStatus().toString().equals("completed"))
        .filter(r -> r.getSource() != null && r.getSource().toString().equals("RecordVerb"))
        .filter(r -> r.getCallSid() != null)
        .toList();
    if (candidates.isEmpty()) {
      return Future.succeededFuture(0);
    }
    return sql.knownRecordings(candidates.stream().map(Recording::getSid).toList()).compose(known -> {
      List<Recording> missing = new ArrayList<>();
      candidates.stream().filter(r -> !known.contains(r.getSid())).forEach(missing::add);
      return recoverEach(missing, 0, 0);
    });
  }

  private Future<Integer> recoverEach(List<Recording> missing, int index, int stored) {
    if (index >= missing.size()) {
      return Future.succeededFuture(stored);
    }
    return recover(missing.get(index)).compose(done -> recoverEach(missing, index + 1, done ? stored + 1 : stored));
  }

  /** Stores one recording as its callback would have; false if it is not a voicemail of a known number. */
  private Future<Boolean> recover(Recording recording) {
    String recordingSid = recording.getSid();
    return rest.call(c -> Call.fetcher(recording.getCallSid()).fetch(c))
        .compose(call -> others.orgByNumber(call.getTo())
            .compose(org -> voicemails.recover(org.orgId(), call.getSid(), call.getFrom(), recordingSid,
                recordingUrl(recordingSid), seconds(recording.getDuration())))
            .map(v -> {
              LOG.warn("voicemail {} of call {} was missing (its callbacks were lost): recovered from Twilio",
                  recordingSid, call.getSid());
              return true;
            }))
        .recover(t -> Failures.code(t) == FailureCode.NOT_FOUND
            ? Future.succeededFuture(false) : Future.failedFuture(t));
  }

  /** What Twilio sends as {@code RecordingUrl}: the recording resource without an extension. */
  private String recordingUrl(String recordingSid) {
    String base = config.twilio().apiBaseUrl().toString();
    if (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return base + "/2010-04-01/Accounts/" + config.twilio().accountSid() + "/Recordings/" + recordingSid;
  }

  private static int seconds(String duration) {
    try {
      return duration == null ? 0 : Math.max(0, Integer.parseInt(duration));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

}
