package io.switchboard.sim;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * A call created through the REST API (Twilio's "Create a Call"): it rings {@code To} for
 * {@code Timeout} seconds (default 60); when answered Twilio requests {@code Url} (or runs
 * {@code Twiml}); unanswered it ends no-answer, rejected busy.
 */
final class OutboundCall implements LegOwner {
  private final Exchange ex;
  private final URI url;
  private final String method;
  private final String twiml;
  private long timer = -1;

  private OutboundCall(Exchange ex, URI url, String method, String twiml) {
    this.ex = ex;
    this.url = url;
    this.method = method;
    this.twiml = twiml;
  }

  static void start(Exchange ex, SimCall call, URI url, String method, String twiml, int timeoutSeconds) {
    OutboundCall owner = new OutboundCall(ex, url, method, twiml);
    ex.statusCallback(call, "initiated");
    owner.timer = ex.clock().after(Duration.ofSeconds(timeoutSeconds), () -> {
      if ("ringing".equals(call.status()) || "queued".equals(call.status())) {
        ex.end(call, "no-answer");
      }
    });
    ex.ring(call, owner, Map.of(), null);
  }

  @Override
  public boolean answered(SimCall leg) {
    ex.clock().cancel(timer);
    ex.answer(leg);
    leg.owner = null;
    Digits.send(ex, leg, leg.sendDigits).onComplete(v -> {
      if (!leg.isLive() || leg.interrupt.cancelled()) {
        return;
      }
      if (url != null) {
        ex.runner.fetchAndRun(leg, "voice", url, method, Map.of(), leg.interrupt);
      } else {
        ex.runner.runInline(leg, twiml, leg.interrupt);
      }
    });
    return true;
  }

  @Override
  public void ended(SimCall leg) {
    ex.clock().cancel(timer);
  }
}
