package io.switchboard.bridge.api;

import io.switchboard.common.bus.Failures;
import io.switchboard.common.config.SwitchboardConfig;
import io.switchboard.common.contract.Actor;
import io.switchboard.common.peers.Peers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * {@code GET /api/voicemails/{id}/audio}: the recording, streamed through the server so the browser
 * never holds Twilio credentials. The voice-webhook-service says which recording it is and whether
 * the caller's org may hear it ({@code voicemails.audio}); then its media is fetched from Twilio's
 * {@code /2010-04-01/Accounts/{AccountSid}/Recordings/{RecordingSid}.mp3} with the account's auth.
 */
public final class VoicemailAudio {
  private final Peers peers;
  private final SwitchboardConfig.Twilio twilio;
  private final HttpClient client;
  private final long timeoutMs;

  public VoicemailAudio(Vertx vertx, SwitchboardConfig config) {
    this.twilio = config.twilio();
    this.timeoutMs = config.requestTimeout().toMillis();
    this.peers = new Peers(vertx.eventBus(), timeoutMs);
    this.client = vertx.createHttpClient(new HttpClientOptions()
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs)).setIdleTimeout(30));
  }

  void stream(RoutingContext ctx, Actor actor, String voicemailId) {
    recordingSid(actor, voicemailId)
        .compose(sid -> fetch(ctx, sid))
        .onFailure(t -> Replies.fail(ctx, t));
  }

  /** The voice-webhook-service owns voicemails and decides who may hear one (403 for another org). */
  private Future<String> recordingSid(Actor actor, String voicemailId) {
    return peers.voicemailRecording(voicemailId, actor).map(recording -> {
      if (!actor.orgId().equals(recording.orgId()) || recording.recordingSid() == null) {
        throw Failures.notFound("no voicemail " + voicemailId);
      }
      return recording.recordingSid();
    });
  }

  private Future<Void> fetch(RoutingContext ctx, String recordingSid) {
    String base = twilio.apiBaseUrl().toString().replaceAll("/+$", "");
    String url = base + "/2010-04-01/Accounts/" + twilio.accountSid() + "/Recordings/" + recordingSid + ".mp3";
    String basic = Base64.getEncoder().encodeToString(
        (twilio.accountSid() + ":" + twilio.authToken()).getBytes(StandardCharsets.UTF_8));
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url)
        .setFollowRedirects(true).setTimeout(timeoutMs).putHeader("Authorization", "Basic " + basic);
    return client.request(request)
        .compose(req -> req.send())
        .recover(t -> Future.failedFuture(Failures.unavailable("Twilio is unavailable"))) // its reason names the account
        .compose(upstream -> {
          if (upstream.statusCode() == 404) {
            return Future.failedFuture(Failures.notFound("the recording is gone"));
          }
          if (upstream.statusCode() != 200) {
            return Future.failedFuture(Failures.unavailable("Twilio answered " + upstream.statusCode()));
          }
          String length = upstream.getHeader("Content-Length");
          ctx.response().setStatusCode(200)
              .putHeader("Content-Type", "audio/mpeg")
              .putHeader("Cache-Control", "private, max-age=3600");
          if (length != null) {
            ctx.response().putHeader("Content-Length", length);
          } else {
            ctx.response().setChunked(true);
          }
          return upstream.pipeTo(ctx.response());
        });
  }
}
