package io.switchboard.voice;

import io.switchboard.common.config.SwitchboardConfig;
import io.switchboard.common.contract.VoicemailView;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emails a new voicemail to the org's admins over SMTP ({@code SMTP_*}); with no {@code SMTP_HOST}
 * the notification is only logged. The email never carries the recording or a Twilio URL: admins
 * listen on the dashboard, which streams the audio through the server.
 */
final class VoicemailNotifier {
  private static final Logger LOG = LoggerFactory.getLogger(VoicemailNotifier.class);

  private final MailClient mail;
  private final String from;

  VoicemailNotifier(Vertx vertx, SwitchboardConfig.Smtp smtp) {
    this.from = smtp.from();
    this.mail = smtp.host() == null ? null : MailClient.createShared(vertx, mailConfig(smtp), "switchboard-voicemail");
  }

  private static MailConfig mailConfig(SwitchboardConfig.Smtp smtp) {
    MailConfig config = new MailConfig().setHostname(smtp.host()).setPort(smtp.port())
        .setStarttls(switch (smtp.startTls()) {
          case DISABLED -> StartTLSOptions.DISABLED;
          case OPTIONAL -> StartTLSOptions.OPTIONAL;
          case REQUIRED -> StartTLSOptions.REQUIRED;
        });
    if (smtp.username() != null) {
      config.setUsername(smtp.username()).setPassword(smtp.password()).setLogin(LoginOption.REQUIRED);
    } else {
      config.setLogin(LoginOption.DISABLED);
    }
    return config;
  }

  /** How the admins were told: {@code VoicemailView.EMAILED}, {@code LOGGED} or {@code NO_ADMINS}; fails if SMTP did. */
  Future<String> notify(VoicemailView voicemail, List<String> admins) {
    String caller = voicemail.from() == null ? "an unknown caller" : voicemail.from();
    String subject = "New voicemail from " + caller;
    String text = "You have a new voicemail from " + caller + " (" + voicemail.durationSeconds()
        + " s), received " + voicemail.createdAt() + ".\n\nListen to it on the Switchboard dashboard.\n";
    if (admins.isEmpty()) {
      LOG.info("voicemail {}: the org has no admin to notify", voicemail.voicemailId());
      return Future.succeededFuture(VoicemailView.NO_ADMINS);
    }
    if (mail == null) {
      LOG.info("voicemail {} for {} (SMTP_HOST unset, not emailed): {}", voicemail.voicemailId(), admins, subject);
      return Future.succeededFuture(VoicemailView.LOGGED);
    }
    MailMessage message = new MailMessage().setFrom(from).setTo(admins).setSubject(subject).setText(text);
    return mail.sendMail(message).map(VoicemailView.EMAILED)
        .onFailure(t -> LOG.warn("could not email voicemail {}: {}", voicemail.voicemailId(), t.toString()));
  }

  Future<Void> close() {
    return mail == null ? Future.succeededFuture() : mail.close();
  }
}
