package io.switchboard.voice;

import io.switchboard.common.board.BoardDeltas;
import io.switchboard.common.bus.Addresses;
import io.switchboard.common.bus.Bus;
import io.switchboard.common.config.SwitchboardConfig;
import io.switchboard.common.db.ActOnce;
import io.switchboard.common.metrics.Metrics;
import io.switchboard.common.twilio.TwilioPaths;
import io.switchboard.common.twilio.TwilioRest;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;
import java.time.Duration;

/**
 * The voice-webhook-service: serves every {@code /twilio/*} webhook (signature checked, form bodies
 * bounded), the built-in hold music, the voicemail event-bus addresses, and reacts to call changes
 * that need Twilio.
 */
public final class VoiceWebhookVerticle extends VerticleBase {
  /** Twilio's webhook bodies are a few kilobytes; anything far larger is not Twilio. */
  static final long MAX_WEBHOOK_BODY_BYTES = 64 * 1024;

  private final SwitchboardConfig config;
  private final Pool pool;
  private final Router router;
  private TwilioRest rest;
  private VoicemailNotifier notifier;

  public VoiceWebhookVerticle(SwitchboardConfig config, Pool pool, Router router) {
    this.config = config;
    this.pool = pool;
    this.router = router;
  }

  @Override
  public Future<?> start() {
    VoiceSql sql = new VoiceSql(pool);
    Twiml twiml = new Twiml(config);
    VoicePeers others = new VoicePeers(vertx, config.requestTimeout().toMillis());
    rest = TwilioRest.create(vertx, config.twilio());
    notifier = new VoicemailNotifier(vertx, config.smtp());
    InboundCalls inbound = new InboundCalls(config, twiml, others, sql);
    CallProgress progress = new CallProgress(twiml, others, sql, inbound);
    Voicemails voicemails = new Voicemails(sql, new BoardDeltas(vertx.eventBus()), others, notifier, twiml);
    ParkingWebhooks parking = new ParkingWebhooks(twiml, others);
    CallReactions reactions = new CallReactions(config, sql, rest, twiml, new ActOnce(pool, VoiceWebhookModule.SCHEMA));
    CallScreening screening = new CallScreening(twiml, others);
    new Reconciliation(vertx, config.timing().reconcileEvery(),
        new CallReconciler(others, rest, config.timing().reconcileAfter()),
        new VoicemailRecovery(config, rest, sql, voicemails, others)).start();

    mountRoutes(twiml, inbound, progress, screening, voicemails, parking);
    return Future.all(
        Bus.serve(vertx, Addresses.VOICEMAILS_UPDATE, voicemails::update).completion(),
        Bus.serve(vertx, Addresses.BOARD_SNAPSHOT_VOICEMAILS, voicemails::snapshot).completion(),
        Bus.serve(vertx, Addresses.VOICEMAILS_AUDIO, voicemails::audio).completion(),
        Bus.serve(vertx, Addresses.VOICEMAILS_OF_CALL, voicemails::ofCall).completion(),
        Bus.serve(vertx, Addresses.CALLS_HANGUP, new CallHangup(others, rest)::hangup).completion(),
        vertx.eventBus().<JsonObject>consumer(Addresses.CALLS_CHANGED, m -> reactions.onCallChanged(m.body()))
            .completion());
  }

  private void mountRoutes(Twiml twiml, InboundCalls inbound, CallProgress progress, CallScreening screening,
      Voicemails voicemails, ParkingWebhooks parking) {
    Buffer music = HoldMusic.wav();
    router.get(Twiml.HOLD_MUSIC_MEDIA).handler(ctx -> ctx.response()
        .putHeader("Content-Type", "audio/wav").putHeader("Cache-Control", "public, max-age=86400").end(music));
    router.post("/twilio/*").handler(VoiceWebhookVerticle::measure);
    router.post("/twilio/*")
        .handler(BodyHandler.create(false).setBodyLimit(MAX_WEBHOOK_BODY_BYTES))
        .handler(new TwilioSignatureCheck(config));
    router.post(TwilioPaths.VOICE).handler(Webhook.serving(inbound::voice, () -> twiml.voicemail(null)));
    router.post(TwilioPaths.DIAL_STATUS).handler(Webhook.serving(inbound::dialStatus, () -> twiml.voicemail(null)));
    router.post(TwilioPaths.QUEUE_WAIT).handler(Webhook.serving(inbound::queueWait, () -> twiml.voicemail(null)));
    router.post(TwilioPaths.VOICEMAIL_PROMPT).handler(Webhook.serving(inbound::voicemailPrompt, () -> twiml.voicemail(null)));
    router.post(TwilioPaths.VOICEMAIL).handler(Webhook.serving(voicemails::recorded, twiml::voicemailDone));
    router.post(TwilioPaths.RECORDING_STATUS).handler(Webhook.status(voicemails::recordingStatus));
    router.post(TwilioPaths.TRANSCRIPTION).handler(Webhook.status(voicemails::transcribed));
    router.post(TwilioPaths.CALL_STATUS).handler(Webhook.status(progress::callStatus));
    router.post(TwilioPaths.SCREEN).handler(Webhook.serving(screening::screen, twiml::hangup));
    router.post(TwilioPaths.CONNECT).handler(Webhook.serving(progress::connectTwiml, progress::connectFallback));
    router.post(TwilioPaths.CONNECT_STATUS).handler(Webhook.serving(progress::connectStatus, () -> twiml.voicemail(null)));
    router.post(TwilioPaths.PARK_TWIML).handler(Webhook.serving(parking::park, () -> twiml.holdMusic(null)));
    router.post(TwilioPaths.HOLD_MUSIC).handler(Webhook.serving(parking::holdMusic, () -> twiml.holdMusic(null)));
    router.post(TwilioPaths.PARK_SPOT).handler(Webhook.serving(parking::spot,
        () -> twiml.spotUnavailable("The parked call could not be retrieved. Please try again later. Goodbye.")));
    router.post(TwilioPaths.CONFERENCE_STATUS).handler(Webhook.status(parking::conferenceStatus));
  }

  /** Every webhook's latency, by path (the known ones) and status, as Twilio experiences it. */
  private static void measure(RoutingContext ctx) {
    long started = System.nanoTime();
    String path = ctx.request().path();
    String tag = TwilioPaths.ALL.contains(path) ? path : "other";
    ctx.addBodyEndHandler(v -> Metrics.record(Metrics.WEBHOOK_LATENCY,
        Duration.ofNanos(System.nanoTime() - started), "path", tag,
        "status", Integer.toString(ctx.response().getStatusCode())));
    ctx.next();
  }

  @Override
  public Future<?> stop() {
    rest.close();
    return notifier.close();
  }
}
