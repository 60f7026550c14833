package io.switchboard.sim;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code <Dial>} with {@code <Client>} and {@code <Number>} nouns, following Twilio's Dial docs:
 * every noun gets its own child leg (own CallSid, {@code ParentCallSid} = the caller's) and they
 * all ring at once; the first to answer is bridged and the others are canceled; {@code timeout}
 * (default 30 s) ends unanswered rings as no-answer; when the dialed call ends, {@code action} is
 * requested with {@code DialCallStatus}, {@code DialCallSid} and {@code DialCallDuration} and its
 * TwiML continues the call (without action, the document continues). The caller hanging up still
 * requests the action (its answer is ignored); a REST update of the caller's call interrupts the
 * Dial, cancels its legs and does not request the action. A {@code <Conference>} noun is handed to
 * {@link Conferences}.
 */
final class DialVerb implements LegOwner {
  private final Exchange ex;
  private final SimCall parent;
  private final TwimlNode dial;
  private final URI docUrl;
  private final Interrupt it;
  private final List<SimCall> legs = new ArrayList<>();
  private final Promise<Step> done = Promise.promise();
  private SimCall winner;
  private long timer = -1;

  DialVerb(Exchange ex, SimCall parent, TwimlNode dial, URI docUrl, Interrupt it) {
    this.ex = ex;
    this.parent = parent;
    this.dial = dial;
    this.docUrl = docUrl;
    this.it = it;
  }

  Future<Step> run() {
    List<TwimlNode> nouns = dial.children().isEmpty()
        ? List.of(new TwimlNode("Number", Map.of(), dial.text(), List.of()))
        : dial.children();
    List<TwimlNode> conference = nouns.stream().filter(n -> n.name().equals("Conference")).toList();
    if (!conference.isEmpty()) {
      ex.answer(parent);
      return ex.conferences.join(parent, conference.get(0), docUrl, it)
          .map(ended -> ended ? after("answered", null) : Step.STOP);
    }
    URI action = dial.attr("action", null) == null ? null : TwimlRunner.resolve(docUrl, dial.attr("action", null));
    // Twilio's answerOnBridge: the caller keeps hearing ringing until a dialed party answers.
    if (!dial.boolAttr("answerOnBridge", false)) {
      ex.answer(parent);
    }
    int timeout = dial.intAttr("timeout", 30, 5, 600);
    String callerId = dial.attr("callerId", parent.from());
    JsonArray dialed = new JsonArray();
    List<Map<String, String>> parameters = new ArrayList<>();
    for (TwimlNode noun : nouns) {
      SimCall leg = ex.newCall(parent.sid(), callerId, address(noun), "outbound-dial", "queued");
      configureCallbacks(leg, noun);
      legs.add(leg);
      parameters.add(parameters(noun));
      dialed.add(leg.to());
    }
    parent.record("dial", new JsonObject().put("to", dialed).put("action", action == null ? null : action.toString()));
    it.onCancel(this::interrupted);
    timer = ex.clock().after(Duration.ofSeconds(timeout), this::timedOut);
    for (int i = 0; i < legs.size(); i++) {
      ex.statusCallback(legs.get(i), "initiated");
      ex.ring(legs.get(i), this, parameters.get(i), parent.sid());
    }
    return done.future().map(status -> status);
  }

  private static String address(TwimlNode noun) {
    if (noun.name().equals("Client")) {
      List<TwimlNode> identity = noun.children("Identity");
      String name = identity.isEmpty() ? noun.text() : identity.get(0).text();
      if (name.isBlank()) {
        throw new TwimlException(12200, "<Client> has no identity");
      }
      return "client:" + name;
    }
    return noun.text();
  }

  /** {@code <Parameter name value>}s: the Voice SDK shows them as the call's custom parameters. */
  private static Map<String, String> parameters(TwimlNode noun) {
    Map<String, String> params = new LinkedHashMap<>();
    for (TwimlNode p : noun.children("Parameter")) {
      params.put(p.attr("name", ""), p.attributes().getOrDefault("value", ""));
    }
    return params;
  }

  /** A noun's {@code statusCallback}; Twilio's default {@code statusCallbackEvent} is "completed". */
  private void configureCallbacks(SimCall leg, TwimlNode noun) {
    String url = noun.attr("statusCallback", null);
    if (url == null) {
      return;
    }
    leg.statusCallback = TwimlRunner.resolve(docUrl, url);
    leg.statusCallbackMethod = noun.attr("statusCallbackMethod", "POST").toUpperCase();
    String events = noun.attr("statusCallbackEvent", "completed");
    leg.statusCallbackEvents = Set.of(events.trim().split("[\\s,]+"));
  }

  @Override
  public boolean answered(SimCall leg) {
    if (winner != null || done.future().isComplete() || !parent.isLive()) {
      return false;
    }
    winner = leg;
    ex.clock().cancel(timer);
    ex.answer(leg);
    ex.answer(parent);
    parent.record("dial-connected", new JsonObject().put("callSid", leg.sid()));
    for (SimCall other : legs) {
      if (other != leg) {
        ex.end(other, "canceled");
      }
    }
    return true;
  }

  @Override
  public void ended(SimCall leg) {
    if (leg == winner) {
      finish("completed");
    } else if (winner == null && legs.stream().noneMatch(SimCall::isLive)) {
      finish(aggregate());
    }
  }

  @Override
  public void left(SimCall leg) {
    if (leg == winner) {
      finish("completed");
    } else {
      ended(leg);
    }
  }

  private void timedOut() {
    if (winner == null) {
      for (SimCall leg : legs) {
        ex.end(leg, "no-answer");
      }
    }
  }

  /** The caller hung up or a REST update moved it: the dialed legs go too. */
  private void interrupted() {
    ex.clock().cancel(timer);
    for (SimCall leg : legs) {
      ex.end(leg, leg == winner ? "completed" : "canceled");
    }
    finish(winner != null ? "completed" : aggregate());
  }

  /** No one answered: canceled if a leg was canceled, else no-answer if one timed out, else busy or failed. */
  private String aggregate() {
    List<String> statuses = legs.stream().map(SimCall::status).toList();
    if (statuses.contains("canceled")) {
      return "canceled";
    }
    if (statuses.contains("no-answer")) {
      return "no-answer";
    }
    if (!statuses.isEmpty() && statuses.stream().allMatch("failed"::equals)) {
      return "failed";
    }
    return "busy";
  }

  private void finish(String dialStatus) {
    if (done.future().isComplete()) {
      return;
    }
    ex.clock().cancel(timer);
    SimCall reported = winner != null ? winner : legs.isEmpty() ? null : legs.get(0);
    parent.record("dial-ended", new JsonObject().put("DialCallStatus", dialStatus)
        .put("DialCallSid", reported == null ? null : reported.sid()));
    if (it.cancelled() && it.reason() == Interrupt.Reason.REDIRECT) {
      done.complete(Step.STOP);
      return;
    }
    done.complete(after(dialStatus, reported));
  }

  /** What follows the dialed call: the action (ignored after a hang-up), or the rest of the document. */
  private Step after(String dialStatus, SimCall reported) {
    String actionAttr = dial.attr("action", null);
    if (actionAttr == null) {
      return it.cancelled() ? Step.STOP : Step.CONTINUE;
    }
    URI action = TwimlRunner.resolve(docUrl, actionAttr);
    String method = dial.attr("method", "POST").toUpperCase();
    Map<String, String> params = new LinkedHashMap<>();
    params.put("DialCallStatus", dialStatus);
    if (reported != null) {
      params.put("DialCallSid", reported.sid());
    }
    if (winner != null) {
      Long seconds = ex.clock().simulatedSeconds(winner.answeredAt(),
          winner.endedAt() != null ? winner.endedAt() : java.time.Instant.now());
      params.put("DialCallDuration", seconds.toString());
    }
    if (it.cancelled() || !parent.isLive()) {
      Map<String, String> all = ex.callParams(parent);
      all.putAll(params);
      ex.webhooks().notify(parent, "action", action, method, all);
      return Step.STOP;
    }
    return Step.fetch("action", action, method, params);
  }
}
