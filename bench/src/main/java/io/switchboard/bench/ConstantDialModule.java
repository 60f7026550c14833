package io.switchboard.bench;

import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Client;
import com.twilio.twiml.voice.Dial;
import com.twilio.twiml.voice.Identity;
import io.switchboard.common.service.ServiceContext;
import io.switchboard.common.service.ServiceModule;
import io.vertx.core.Future;
import java.util.List;

/**
 * The ring baseline: a trivial route on the same server answering one constant {@code <Dial>} of
 * the same agents' {@code <Client>}s, with no Switchboard behind it; the agent who accepts wins
 * and the simulator cancels the other rings itself. What telephony-sim and the network cost alone.
 */
public final class ConstantDialModule implements ServiceModule {
  public static final String PATH = "/bench/constant-dial";
  private final List<String> agents;

  public ConstantDialModule(List<String> agents) {
    this.agents = List.copyOf(agents);
  }

  @Override
  public String name() {
    return "bench-constant-dial";
  }

  @Override
  public Future<Void> deploy(ServiceContext context) {
    Dial.Builder dial = new Dial.Builder().timeout(30).answerOnBridge(true);
    for (String agent : agents) {
      dial.client(new Client.Builder().identity(new Identity.Builder(agent).build()).build());
    }
    String twiml = new VoiceResponse.Builder().dial(dial.build()).build().toXml();
    context.router().post(PATH).handler(ctx -> ctx.response().putHeader("Content-Type", "text/xml").end(twiml));
    return Future.succeededFuture();
  }
}
