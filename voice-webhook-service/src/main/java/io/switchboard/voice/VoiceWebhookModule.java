package io.switchboard.voice;

import io.switchboard.common.config.Setting;
import io.switchboard.common.service.SchemaOwningModule;
import io.switchboard.common.service.ServiceContext;
import io.vertx.core.Future;
import java.util.Set;

/** The voice-webhook-service: Twilio webhooks to TwiML, voicemail records and notifications. */
public final class VoiceWebhookModule extends SchemaOwningModule {
  /** The PostgreSQL schema this service owns. */
  public static final String SCHEMA = "voice";

  public VoiceWebhookModule() {
    super("voice-webhook-service", SCHEMA,
        Set.of(Setting.TWILIO_ACCOUNT_SID, Setting.TWILIO_AUTH_TOKEN, Setting.SWITCHBOARD_PUBLIC_URL));
  }

  @Override
  public Future<Void> deploy(ServiceContext context) {
    return context.vertx()
        .deployVerticle(new VoiceWebhookVerticle(context.config(), context.pool(), context.router()))
        .mapEmpty();
  }
}
