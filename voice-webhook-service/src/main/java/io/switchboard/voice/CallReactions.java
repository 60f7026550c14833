package io.switchboard.voice;

import com.twilio.http.HttpMethod;
import com.twilio.rest.api.v2010.account.Call;
import io.switchboard.common.config.SwitchboardConfig;
import io.switchboard.common.contract.CallView;
import io.switchboard.common.contract.RingMode;
import io.switchboard.common.db.ActOnce;
import io.switchboard.common.twilio.TwilioPaths;
import io.switchboard.common.twilio.TwilioRest;
import io.switchboard.common.twilio.WebhookUrls;
import io.switchboard.voice.Twiml.Purpose;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Call changes that need Twilio (the claim-service never calls Twilio): every rung agent declined
 * -> the caller to voicemail now; queue mode's claim won -> the caller to the winner; a queue
 * winner's claim released -> back to the queue. Every instance receives every {@code calls.changed};
 * exactly one of them acts on each change ({@link ActOnce}), and only if the call's route is still
 * where the change finds it (a webhook may have sent the caller on already).
 */
final class CallReactions {
  private static final Logger LOG = LoggerFactory.getLogger(CallReactions.class);
  static final String ALL_DECLINED = "all-declined";

  private final SwitchboardConfig config;
  private final VoiceSql sql;
  private final TwilioRest rest;
  private final Twiml twiml;
  private final ActOnce once;

  CallReactions(SwitchboardConfig config, VoiceSql sql, TwilioRest rest, Twiml twiml, ActOnce once) {
    this.config = config;
    this.sql = sql;
    this.rest = rest;
    this.twiml = twiml;
    this.once = once;
  }

  void onCallChanged(JsonObject json) {
    CallView call;
    try {
      call = CallView.fromJson(json);
    } catch (RuntimeException e) {
      LOG.warn("ignoring a malformed calls.changed event: {}", e.getMessage());
      return;
    }
    react(call).onFailure(t -> LOG.warn("reaction to {} ({}) failed: {}", call.callSid(),
        call.status(), t.toString()));
  }

  Future<Void> react(CallView call) {
    boolean queue = call.ringMode() == RingMode.QUEUE;
    return switch (call.status()) {
      case VOICEMAIL -> ALL_DECLINED.equals(call.endReason())
          ? redirectIfMoved(call, "voicemail", null, List.of("dial", "queue", "connect"),
              WebhookUrls.of(config, TwilioPaths.VOICEMAIL_PROMPT, "org", call.orgId()))
          : Future.succeededFuture();
      case ACTIVE -> queue && call.assignedTo() != null
          ? redirectIfMoved(call, "connect", call.assignedTo(), List.of("queue"),
              twiml.connectUrl(call.orgId(), call.callSid(), call.assignedTo(), Purpose.CLAIM))
          : Future.succeededFuture();
      case RINGING -> queue
          ? redirectIfMoved(call, "queue", null, List.of("connect"),
              WebhookUrls.of(config, TwilioPaths.QUEUE_WAIT, "org", call.orgId()))
          : Future.succeededFuture();
      case PARKED -> once.onCallChange(call.callSid(), call.version(),
          conn -> sql.moveRoute(conn, call.callSid(), "parked", null, List.of("dial", "queue", "connect")))
          .mapEmpty();
      case ENDED -> once.onCallChange(call.callSid(), call.version(), conn -> sql.forgetRoute(conn, call.callSid()))
          .mapEmpty();
    };
  }

  /**
   * Redirects the caller to {@code url} if this instance acts on the change and moved the route;
   * after the commit, so a redirect is never made for a move that did not happen.
   */
  private Future<Void> redirectIfMoved(CallView call, String route, String agentId, List<String> from, String url) {
    return once.onCallChange(call.callSid(), call.version(),
            conn -> sql.moveRoute(conn, call.callSid(), route, agentId, from))
        .compose(mine -> mine.flatMap(moved -> moved).isEmpty()
            ? Future.succeededFuture()
            : redirect(call.callSid(), url));
  }

  private Future<Void> redirect(String callSid, String url) {
    LOG.info("redirecting {} to {}", callSid, url);
    return rest.call(c -> Call.updater(callSid).setUrl(url).setMethod(HttpMethod.POST).update(c)).mapEmpty();
  }
}
