package io.switchboard.bench;

import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Say;
import io.switchboard.common.service.ServiceContext;
import io.switchboard.common.service.ServiceModule;
import io.vertx.core.Future;

/** The webhook baseline: a trivial endpoint on the same server and router, answering constant TwiML. */
public final class ConstantTwimlModule implements ServiceModule {
  public static final String PATH = "/bench/constant-twiml";

  @Override
  public String name() {
    return "bench-constant-twiml";
  }

  @Override
  public Future<Void> deploy(ServiceContext context) {
    String twiml = new VoiceResponse.Builder().say(new Say.Builder("Thanks for calling.").build()).build().toXml();
    context.router().post(PATH).handler(ctx -> ctx.response().putHeader("Content-Type", "text/xml").end(twiml));
    return Future.succeededFuture();
  }
}
