package io.switchboard.voice;

import com.twilio.security.RequestValidator;
import io.switchboard.common.config.SwitchboardConfig;
import io.switchboard.common.http.HttpErrors;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a request through only if its {@code X-Twilio-Signature} is Twilio's signature of the
 * public URL (never the request's own Host or scheme: behind a TLS-terminating proxy those differ
 * from what Twilio signed) plus the form parameters. Anything else is 403 before a handler runs,
 * so a forged request stores nothing.
 */
final class TwilioSignatureCheck implements Handler<RoutingContext> {
  static final String HEADER = "X-Twilio-Signature";
  private static final Logger LOG = LoggerFactory.getLogger(TwilioSignatureCheck.class);

  private final SwitchboardConfig config;
  private final RequestValidator validator;

  TwilioSignatureCheck(SwitchboardConfig config) {
    this.config = config;
    this.validator = new RequestValidator(config.twilio().authToken());
  }

  @Override
  public void handle(RoutingContext ctx) {
    String signature = ctx.request().getHeader(HEADER);
    String url = config.publicUrl(ctx.request().uri());
    if (signature == null || signature.isBlank() || !validator.validate(url, params(ctx.request().formAttributes()),
        signature)) {
      LOG.warn("rejected {} {}: {} X-Twilio-Signature", ctx.request().method(), ctx.request().path(),
          signature == null ? "missing" : "invalid");
      HttpErrors.send(ctx.response(), 403, "FORBIDDEN", "invalid Twilio signature");
      return;
    }
    ctx.next();
  }

  private static Map<String, String> params(MultiMap form) {
    Map<String, String> params = new HashMap<>();
    form.forEach(e -> params.putIfAbsent(e.getKey(), e.getValue()));
    return params;
  }
}
