package io.switchboard.sim;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
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
 *
 * <p>Screening ({@code url} and {@code method}, default POST, on {@code <Client>} and {@code <Number>}):
 * a leg that answers is answered (its own status callbacks fire) but not bridged; the url is
 * requested, signed like every webhook, with that leg's parameters (its CallSid, ParentCallSid,
 * From, To, CallStatus in-progress) and its TwiML runs on that leg only ({@code <Say>},
 * {@code <Play>}, {@code <Pause>}, {@code <Redirect>}, {@code <Hangup/>}). When the document ends
 * with the leg still live it is bridged, unless another leg was bridged meanwhile or the caller
 * left (then the leg is ended). {@code <Hangup/>} ends that leg only and the others keep ringing; a
 * failed url request is an application error on that leg only. The Dial's timeout ends only legs
 * still ringing, never one that answered and is being screened.
 *
 * <p>DialCallStatus when no leg was bridged: {@code canceled} if the caller left (or a leg was
 * canceled), else {@code no-answer} if a leg timed out <em>or answered and was screened off</em> (a
 * screened-off leg was never connected to the caller, so the dial must not look "completed" or
 * "answered": Twilio reports a dial nobody was bridged to as not answered), else {@code failed}
 * if every leg failed, else {@code busy}.
 */
final class DialVerb implements LegOwner {
  private final Exchange ex;
  private final SimCall parent;
  private final TwimlNode dial;
  private final URI docUrl;
  private final Interrupt it;
  private final List<SimCall> legs = new ArrayList<>();
  private final List<TwimlNode> legNouns = new ArrayList<>();
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
      legNouns.add(noun);
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
    TwimlNode noun = legNouns.get(legs.indexOf(leg));
    String digits = noun.attr("sendDigits", null);
    String screenUrl = noun.attr("url", null);
    if (digits == null && screenUrl == null) {
      bridge(leg);
      return true;
    }
    ex.answer(leg);
    // sendDigits: Twilio dials them to the answered party first, then screens ({@code url}) and bridges.
    Digits.send(ex, leg, digits).onComplete(v -> {
      if (screenUrl == null) {
        screened(leg);
      } else if (leg.isLive()) {
        screen(leg, noun, screenUrl);
      }
    });
    return true;
  }

  private void screen(SimCall leg, TwimlNode noun, String screenUrl) {
    URI url = TwimlRunner.resolve(docUrl, screenUrl);
    String method = noun.attr("method", "POST").toUpperCase();
    leg.record("screening", new JsonObject().put("url", url.toString()).put("method", method));
    ex.runner.screen(leg, url, method, leg.interrupt).onComplete(ar -> screened(leg));
  }

  /** The screening document is over: a leg still live is bridged if it still can be, else ended. */
  private void screened(SimCall leg) {
    if (!leg.isLive()) {
      return;
    }
    if (winner == null && !done.future().isComplete() && parent.isLive() && !it.cancelled()) {
      bridge(leg);
    } else {
      leg.record("screened-too-late", new JsonObject());
      ex.end(leg, "completed");
    }
  }

  /** Connects {@code leg} to the caller; the other legs stop (a ringing one canceled, a screened one hung up). */
  private void bridge(SimCall leg) {
    winner = leg;
    ex.clock().cancel(timer);
    ex.answer(leg);
    ex.answer(parent);
    parent.record("dial-connected", new JsonObject().put("callSid", leg.sid()));
    leg.bridgedTo = parent;
    parent.bridgedTo = leg;
    for (SimCall other : legs) {
      if (other != leg) {
        ex.end(other, other.answeredAt() != null ? "completed" : "canceled");
      }
    }
  }

  @Override
  public void ended(SimCall leg) {
    if (leg == winner) {
      finish("completed");
    } else if (winner == null && legs.stream().noneMatch(SimCall::isLive)) {
      // The caller left (its legs end as it goes): canceled, whatever the legs had reached.
      finish(it.cancelled() ? "canceled" : aggregate());
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

  /** The ring timeout: legs still ringing end as no-answer; a leg being screened goes on. */
  private void timedOut() {
    if (winner == null) {
      for (SimCall leg : legs) {
        if (leg.answeredAt() == null) {
          ex.end(leg, "no-answer");
        }
      }
    }
  }

  /** The caller hung up or a REST update moved it: the dialed legs go too. */
  private void interrupted() {
    ex.clock().cancel(timer);
    for (SimCall leg : legs) {
      ex.end(leg, leg == winner || leg.answeredAt() != null ? "completed" : "canceled");
    }
    finish(winner != null ? "completed" : "canceled");
  }

  /**
   * No leg was bridged: canceled if a leg was canceled, else no-answer if one timed out or answered
   * and was screened off (never connected to the caller), else failed if all failed, else busy.
   */
  private String aggregate() {
    List<String> statuses = legs.stream().map(SimCall::status).toList();
    if (statuses.contains("canceled")) {
      return "canceled";
    }
    if (statuses.contains("no-answer") || legs.stream().anyMatch(leg -> leg.answeredAt() != null)) {
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
    if (winner != null) {
      winner.bridgedTo = null;
      parent.bridgedTo = null;
    }
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
          winner.endedAt() != null ? winner.endedAt() : Instant.now());
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
