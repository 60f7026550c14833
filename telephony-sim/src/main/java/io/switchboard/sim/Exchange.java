package io.switchboard.sim;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The simulated telephone exchange: every call leg, device, number, conference and recording, and
 * the rules for how a leg moves through Twilio's call statuses (queued, ringing, in-progress, then
 * one final status) and which status callbacks that requests. Event-loop only, except the
 * thread-safe lookups.
 */
final class Exchange {
  static final String API_VERSION = "2010-04-01";

  private final Vertx vertx;
  private final Context context;
  private final SimOptions options;
  private final SimClock clock;
  private final Webhooks webhooks;
  private final Map<String, SimCall> calls = new ConcurrentHashMap<>();
  private final Map<String, SimDevice> devices = new ConcurrentHashMap<>();
  private final Map<String, SimNumber> numbers = new ConcurrentHashMap<>();
  private final Map<String, SimApplication> applications = new ConcurrentHashMap<>();
  private final EventLog<SimCall> created;
  final Conferences conferences;
  final Recordings recordings;
  final TwimlRunner runner;
  private final SimFaults faults;
  private volatile String baseUrl;

  Exchange(Vertx vertx, Context context, SimOptions options) {
    this.vertx = vertx;
    this.context = context;
    this.options = options;
    this.clock = new SimClock(vertx, options.timeScale());
    this.created = new EventLog<>(context, "telephony-sim");
    this.conferences = new Conferences(this);
    this.recordings = new Recordings(this);
    this.runner = new TwimlRunner(this);
    this.faults = new SimFaults(vertx);
    this.webhooks = new Webhooks(vertx, options.authToken(), options.webhookTimeout(), faults);
  }

  SimFaults faults() {
    return faults;
  }

  Vertx vertx() {
    return vertx;
  }

  Context context() {
    return context;
  }

  SimOptions options() {
    return options;
  }

  SimClock clock() {
    return clock;
  }

  Webhooks webhooks() {
    return webhooks;
  }

  String accountSid() {
    return options.accountSid();
  }

  /** {@code http://host:port} of the simulator's own server, for the URLs it hands out. */
  String baseUrl() {
    return baseUrl;
  }

  void baseUrl(String url) {
    this.baseUrl = url;
  }

  Optional<SimCall> call(String sid) {
    return Optional.ofNullable(sid).map(calls::get);
  }

  List<SimCall> calls() {
    return calls.values().stream().sorted(Comparator.comparingLong(SimCall::sequence)).toList();
  }

  Future<SimCall> awaitCall(Predicate<SimCall> match, String what, Duration within) {
    return created.await(match, within, what);
  }

  SimDevice device(String address) {
    return devices.computeIfAbsent(address, a -> new SimDevice(this, a));
  }

  Optional<SimDevice> existingDevice(String address) {
    return Optional.ofNullable(devices.get(address));
  }

  SimNumber number(String number) {
    return numbers.computeIfAbsent(number, n -> new SimNumber(n, options.voiceUrl(), options.statusCallbackUrl()));
  }

  /** A TwiML application by SID (null: the default one), with the simulator's voice URL until configured. */
  SimApplication application(String sid) {
    String key = sid == null ? "" : sid;
    return applications.computeIfAbsent(key, k -> new SimApplication(sid, options.voiceUrl()));
  }

  // ---- creating calls --------------------------------------------------------------------

  SimCall newCall(String parentSid, String from, String to, String direction, String status) {
    SimCall call = new SimCall(this, Sids.call(), parentSid, from, to, direction, status);
    calls.put(call.sid(), call);
    call.record("status", new JsonObject().put("status", status));
    created.add(call);
    return call;
  }

  /**
   * A caller dials one of the account's numbers: Twilio creates the call ringing and requests the
   * number's voice URL; the number's status callback hears only the end of the call.
   */
  SimCall inbound(String from, String to) {
    SimNumber number = number(to);
    SimCall call = newCall(null, from, to, "inbound", "ringing");
    if (number.statusCallback() != null) {
      call.statusCallback = number.statusCallback();
      call.statusCallbackEvents = Set.of("completed");
    }
    runner.startVoice(call, number.voiceUrl(), number.voiceMethod(), number.fallbackUrl());
    return call;
  }

  /**
   * A Voice SDK device places a call ({@code device.connect({params})}): Twilio creates an inbound
   * call from {@code client:<identity>} to the {@code To} parameter (if any), connects the device to
   * it and requests the application's voice URL with {@code ApplicationSid} and every parameter.
   */
  SimCall outgoing(SimDevice device, String applicationSid, Map<String, String> params) {
    SimApplication app = application(applicationSid);
    SimCall call = newCall(null, device.address(), params.getOrDefault("To", ""), "inbound", "ringing");
    call.device = device;
    device.connected(call);
    Map<String, String> extra = new LinkedHashMap<>(params);
    if (app.sid() != null) {
      extra.put("ApplicationSid", app.sid());
    }
    call.record("outgoing", new JsonObject().put("applicationSid", app.sid()).put("params", new JsonObject(
        new LinkedHashMap<String, Object>(params))));
    runner.startVoice(call, app.voiceUrl(), app.voiceMethod(), null, extra);
    return call;
  }

  // ---- status changes ----------------------------------------------------------------------

  /** The leg is picked up (Twilio answers an inbound call when its TwiML first does something). */
  void answer(SimCall call) {
    if ("queued".equals(call.status()) || "ringing".equals(call.status())) {
      call.status("in-progress");
      statusCallback(call, "answered");
    }
  }

  void ringing(SimCall call) {
    if ("queued".equals(call.status())) {
      call.status("ringing");
      statusCallback(call, "ringing");
    }
  }

  /**
   * The leg reaches a final status: its TwiML stops (verbs do what Twilio documents for a hang-up),
   * its device hears {@code cancel} or {@code disconnected}, its owner (a Dial) learns of it, and
   * the "completed" status callback goes out.
   */
  void end(SimCall call, String status) {
    if (!call.isLive()) {
      return;
    }
    call.status(status);
    call.interrupt.cancel(Interrupt.Reason.HANGUP);
    if (call.device != null) {
      call.device.ended(call);
    }
    LegOwner owner = call.owner;
    call.owner = null;
    if (owner != null) {
      owner.ended(call);
    }
    statusCallback(call, "completed");
  }

  /** The caller hangs up: an answered call is completed, one still ringing is canceled. */
  void hangUp(SimCall call) {
    end(call, call.answeredAt() != null ? "completed" : "canceled");
  }

  // ---- ringing devices --------------------------------------------------------------------

  /**
   * Rings a leg's far end ({@code client:<identity>} or a number). A device already on a call is
   * busy (Twilio: dialing a Client that is on a call fails as busy); an invalid number fails; a
   * number or identity nobody registered rings until its owner's timeout.
   */
  void ring(SimCall leg, LegOwner owner, Map<String, String> parameters, String parentForDevice) {
    leg.owner = owner;
    String to = leg.to();
    boolean client = to.startsWith("client:");
    if (!client && !to.matches("\\+?[0-9]{3,15}")) {
      context.runOnContext(v -> end(leg, "failed"));
      return;
    }
    Optional<SimDevice> device = existingDevice(to);
    if (device.isPresent() && device.get().onCall()) {
      context.runOnContext(v -> end(leg, "busy"));
      return;
    }
    ringing(leg);
    device.ifPresent(d -> {
      leg.device = d;
      d.ring(new IncomingCall(d, leg.sid(), parentForDevice, leg.from(), to, parameters));
    });
  }

  /** A device accepts a ringing leg; false when it may no longer (another device won). */
  boolean accept(SimCall leg, SimDevice device) {
    LegOwner owner = leg.owner;
    if (!"ringing".equals(leg.status()) || owner == null) {
      return false;
    }
    leg.device = device;
    if (!owner.answered(leg)) {
      end(leg, "canceled");
      return false;
    }
    device.connected(leg);
    return true;
  }

  // ---- REST updates ---------------------------------------------------------------------

  /**
   * A REST update with a Url or Twiml: Twilio stops the TwiML the call is executing and runs the
   * new document at once. A dialed leg moved this way leaves its bridge.
   */
  void redirect(SimCall call, URI url, String method, String twiml) {
    call.interrupt.cancel(Interrupt.Reason.REDIRECT);
    LegOwner owner = call.owner;
    call.owner = null;
    if (owner != null) {
      owner.left(call);
    }
    call.interrupt = new Interrupt();
    call.record("redirected", url != null ? new JsonObject().put("url", url.toString()).put("method", method)
        : new JsonObject().put("twiml", twiml));
    if (url != null) {
      runner.fetchAndRun(call, "redirect", url, method, Map.of(), call.interrupt);
    } else {
      runner.runInline(call, twiml, call.interrupt);
    }
  }

  /**
   * Keys pressed on {@code call}: its {@code <Gather>} takes them, else the legs that hear it hear
   * them (its {@code <Dial>} bridge, or its conference's listeners).
   */
  void dtmf(SimCall call, String keys) {
    call.record("dtmf", new JsonObject().put("digits", keys));
    if (call.gather != null) {
      call.gather.keys(keys);
      return;
    }
    List<SimCall> hearing = call.bridgedTo != null && call.bridgedTo.isLive() ? List.of(call.bridgedTo)
        : conferences.listeners(call);
    for (SimCall peer : hearing) {
      peer.record("dtmf-heard", new JsonObject().put("digits", keys).put("from", call.sid()));
      if (peer.device != null) {
        peer.device.send(new JsonObject().put("type", "dtmf").put("callSid", peer.sid()).put("digits", keys));
      }
    }
  }

  // ---- parameters and callbacks -----------------------------------------------------------

  /** The parameters Twilio sends with every request about a call (Twilio docs, "TwiML voice request"). */
  Map<String, String> callParams(SimCall call) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("AccountSid", accountSid());
    params.put("ApiVersion", API_VERSION);
    params.put("CallSid", call.sid());
    params.put("CallStatus", call.status());
    params.put("Called", call.to());
    params.put("Caller", call.from());
    params.put("Direction", call.direction());
    params.put("From", call.from());
    params.put("To", call.to());
    if (call.parentCallSid() != null) {
      params.put("ParentCallSid", call.parentCallSid());
    }
    return params;
  }

  /**
   * Requests the call's status callback for {@code event} (initiated, ringing, answered, completed)
   * when that event was asked for. Callbacks of one call go out one after another, in order.
   */
  void statusCallback(SimCall call, String event) {
    if (call.statusCallback == null || !call.statusCallbackEvents.contains(event)) {
      return;
    }
    Map<String, String> params = callParams(call);
    if ("initiated".equals(event)) {
      params.put("CallStatus", "initiated");
    }
    params.put("CallbackSource", "call-progress-events");
    params.put("SequenceNumber", Integer.toString(call.callbackSequence++));
    params.put("Timestamp", Rfc2822.format(Instant.now()));
    if ("completed".equals(event)) {
      long duration = clock.simulatedSeconds(call.answeredAt(), call.endedAt());
      params.put("CallDuration", Long.toString(duration));
      params.put("Duration", Long.toString((duration + 59) / 60));
    }
    URI url = call.statusCallback;
    String method = call.statusCallbackMethod;
    call.callbacks = call.callbacks.compose(v -> webhooks.notify(call, "status-callback", url, method, params));
  }

  Future<Void> close() {
    return webhooks.close();
  }
}
