package io.switchboard.sim;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code <Gather>} for keypad input, following Twilio's Gather docs: its nested {@code <Say>},
 * {@code <Play>} and {@code <Pause>} play while it listens, and the first key pressed stops them
 * (barge-in); it then waits {@code timeout} seconds (default 5) for each next key. It ends when
 * {@code finishOnKey} is pressed (default {@code #}; not part of the digits; {@code ""} disables it),
 * when {@code numDigits} keys were pressed, or on the timeout. With digits, Twilio requests
 * {@code action} (default: the current document's URL; {@code method} default POST) with
 * {@code Digits} (and {@code FinishedOnKey}) and runs its TwiML; without, the call goes on with the
 * next verb (or requests the action anyway with {@code actionOnEmptyResult="true"}). Only DTMF is
 * simulated: {@code input="speech"} alone just times out. Keys come from {@link SimCall#press}.
 */
final class GatherVerb {
  private final Exchange ex;
  private final SimCall call;
  private final TwimlNode verb;
  private final URI docUrl;
  private final Interrupt it;
  private final Interrupt prompts = new Interrupt();
  private final Promise<Step> done = Promise.promise();
  private final StringBuilder digits = new StringBuilder();
  private final int numDigits;
  private final String finishOnKey;
  private final int timeout;
  private long timer = -1;
  private boolean listening;
  /** {@code input} includes dtmf (the default); speech alone hears no keys. */
  private final boolean dtmf;

  GatherVerb(Exchange ex, SimCall call, TwimlNode verb, URI docUrl, Interrupt it) {
    this.ex = ex;
    this.call = call;
    this.verb = verb;
    this.docUrl = docUrl;
    this.it = it;
    this.numDigits = verb.intAttr("numDigits", Integer.MAX_VALUE, 1, Integer.MAX_VALUE);
    String finish = verb.rawAttr("finishOnKey");
    this.finishOnKey = finish == null ? "#" : finish.trim();
    if (finishOnKey.length() > 1 || !(finishOnKey.isEmpty() || Digits.validKeys(finishOnKey))) {
      throw new TwimlException(12200, "<Gather> finishOnKey must be one key or empty, not '" + finishOnKey + "'");
    }
    this.timeout = verb.intAttr("timeout", 5, 1, 600);
    this.dtmf = verb.attr("input", "dtmf").toLowerCase().contains("dtmf");
  }

  Future<Step> run() {
    ex.answer(call);
    call.gather = this;
    call.record("gather", new JsonObject().put("numDigits", numDigits == Integer.MAX_VALUE ? null : numDigits)
        .put("finishOnKey", finishOnKey).put("timeout", timeout));
    it.onCancel(() -> {
      prompts.cancel(Interrupt.Reason.REDIRECT);
      finish(Step.STOP);
    });
    playPrompts(verb.children(), 0).onComplete(v -> {
      if (!done.future().isComplete()) {
        listening = true;
        restartTimer();
      }
    });
    return done.future();
  }

  private Future<Void> playPrompts(List<TwimlNode> nested, int index) {
    if (index >= nested.size() || prompts.cancelled() || done.future().isComplete()) {
      return Future.succeededFuture();
    }
    return ex.runner.media(call, nested.get(index), docUrl, prompts)
        .compose(step -> playPrompts(nested, index + 1));
  }

  /** Keys the caller pressed. */
  void keys(String pressed) {
    if (done.future().isComplete() || !dtmf) {
      return;
    }
    prompts.cancel(Interrupt.Reason.REDIRECT);
    listening = true;
    for (char key : pressed.toCharArray()) {
      if (done.future().isComplete()) {
        return;
      }
      if (!finishOnKey.isEmpty() && key == finishOnKey.charAt(0)) {
        complete(String.valueOf(key));
        return;
      }
      digits.append(key);
      if (digits.length() >= numDigits) {
        complete(null);
        return;
      }
    }
    restartTimer();
  }

  private void restartTimer() {
    ex.clock().cancel(timer);
    timer = ex.clock().after(Duration.ofSeconds(timeout), () -> {
      if (listening) {
        complete(null);
      }
    });
  }

  private void complete(String finishedOnKey) {
    String collected = digits.toString();
    call.record("gathered", new JsonObject().put("digits", collected).put("finishedOnKey", finishedOnKey));
    if (collected.isEmpty() && !verb.boolAttr("actionOnEmptyResult", false)) {
      finish(Step.CONTINUE);
      return;
    }
    URI action = verb.attr("action", null) == null ? docUrl : TwimlRunner.resolve(docUrl, verb.attr("action", null));
    if (action == null) {
      finish(Step.CONTINUE);
      return;
    }
    Map<String, String> params = new LinkedHashMap<>();
    params.put("Digits", collected);
    params.put("FinishedOnKey", finishedOnKey == null ? "" : finishedOnKey);
    finish(Step.fetch("action", action, verb.attr("method", "POST").toUpperCase(), params));
  }

  private void finish(Step step) {
    ex.clock().cancel(timer);
    if (call.gather == this) {
      call.gather = null;
    }
    done.tryComplete(step);
  }
}
