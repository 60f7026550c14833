package io.switchboard.sim;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * One simulated call leg: a caller's inbound call, a {@code <Dial>}ed child leg or a REST-created
 * call. Tests read its status and its ordered {@link CallEvent}s and wait for them with deadlines;
 * {@link #hangUp()} is the caller (or far end) hanging up. All mutation happens on the simulator's
 * event loop; the getters are safe from any thread.
 */
public final class SimCall {
  /** Twilio's final call statuses. */
  public static final Set<String> TERMINAL = Set.of("completed", "busy", "failed", "no-answer", "canceled");
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(10);

  private final Exchange exchange;
  private final String sid;
  private final String parentSid;
  private final String from;
  private final String to;
  private final String direction;
  private static final AtomicLong SEQUENCE = new AtomicLong();

  private final Instant createdAt = Instant.now();
  private final long sequence = SEQUENCE.incrementAndGet();
  private final EventLog<CallEvent> events;
  private volatile String status;
  private volatile Instant startedAt;
  private volatile Instant answeredAt;
  private volatile Instant endedAt;
  private volatile Instant updatedAt = createdAt;
  private volatile Duration speech = Duration.ofSeconds(3);

  // Event-loop state, managed by the Exchange and the verbs.
  Interrupt interrupt = new Interrupt();
  LegOwner owner;
  SimDevice device;
  URI statusCallback;
  String statusCallbackMethod = "POST";
  Set<String> statusCallbackEvents = Set.of();
  Future<Void> callbacks = Future.succeededFuture();
  /** The {@code <Gather>} listening for keys on this call now, or null. */
  GatherVerb gather;
  /** The leg a {@code <Dial>} bridged this one to, or null. */
  SimCall bridgedTo;
  /** Calls create {@code SendDigits}: dialed once the call answers. */
  String sendDigits;
  int callbackSequence;

  SimCall(Exchange exchange, String sid, String parentSid, String from, String to, String direction, String status) {
    this.exchange = exchange;
    this.sid = sid;
    this.parentSid = parentSid;
    this.from = from;
    this.to = to;
    this.direction = direction;
    this.status = status;
    if (!"queued".equals(status)) {
      this.startedAt = createdAt;
    }
    this.events = new EventLog<>(exchange.context(), "call " + sid);
  }

  public String sid() {
    return sid;
  }

  /** The caller's CallSid for a dialed leg, else null. */
  public String parentCallSid() {
    return parentSid;
  }

  public String from() {
    return from;
  }

  public String to() {
    return to;
  }

  /** {@code inbound}, {@code outbound-dial} or {@code outbound-api}, as Twilio reports it. */
  public String direction() {
    return direction;
  }

  public String status() {
    return status;
  }

  public boolean isLive() {
    return !TERMINAL.contains(status);
  }

  public Instant createdAt() {
    return createdAt;
  }

  /** When the call was dialed (left {@code queued}), or null: Twilio's {@code start_time}. */
  public Instant startedAt() {
    return startedAt;
  }

  /** Creation order, for lists (several calls may share a creation instant). */
  long sequence() {
    return sequence;
  }

  public Instant answeredAt() {
    return answeredAt;
  }

  public Instant endedAt() {
    return endedAt;
  }

  public Instant updatedAt() {
    return updatedAt;
  }

  public List<CallEvent> events() {
    return events.snapshot();
  }

  /** The texts this call heard from {@code <Say>}, in order. */
  public List<String> heard() {
    return events().stream().filter(e -> e.type().equals("say")).map(e -> e.get("text")).toList();
  }

  /** How long the caller talks when a {@code <Record>} runs (simulated; zero records nothing). */
  public SimCall speakFor(Duration simulated) {
    this.speech = simulated;
    return this;
  }

  Duration speech() {
    return speech;
  }

  public Future<CallEvent> awaitEvent(String type, Duration within) {
    return events.await(e -> e.type().equals(type), within, "'" + type + "' event");
  }

  public Future<CallEvent> awaitEvent(Predicate<CallEvent> match, String what, Duration within) {
    return events.await(match, within, what);
  }

  /** Completes once the call has been in {@code status} (now or later). */
  public Future<SimCall> awaitStatus(String expected, Duration within) {
    return events.await(e -> e.type().equals("status") && expected.equals(e.get("status")), within,
        "status " + expected).map(e -> this);
  }

  /** Completes when the call reaches a final status. */
  public Future<SimCall> awaitEnd(Duration within) {
    return events.await(e -> e.type().equals("status") && TERMINAL.contains(e.get("status")), within,
        "final status").map(e -> this);
  }

  /** The caller (or, for a dialed leg, the far end) hangs up. */
  public Future<Void> hangUp() {
    return OnContext.run(exchange.context(), () -> {
      exchange.hangUp(this);
      return Future.succeededFuture();
    });
  }

  /**
   * The caller (for a dialed leg: the party it reached) presses keys (0-9, A-D, {@code #},
   * {@code *}): a {@code <Gather>} on this call collects them; otherwise whoever hears this call
   * hears them (a {@code dtmf} message on a bridged device, a {@code dtmf-heard} event on the
   * legs hearing it).
   */
  public Future<Void> press(String keys) {
    if (keys == null || !Digits.validKeys(keys)) {
      return Future.failedFuture(new IllegalArgumentException("keys are 0-9, A-D, # and *, not '" + keys + "'"));
    }
    return OnContext.run(exchange.context(), () -> {
      if (!isLive()) {
        return Future.failedFuture(new IllegalStateException(sid + " is not live"));
      }
      exchange.dtmf(this, keys);
      return Future.succeededFuture();
    });
  }

  /** The caller hangs up after {@code simulated} time (scaled like every simulated duration). */
  public SimCall hangUpAfter(Duration simulated) {
    exchange.context().runOnContext(v -> exchange.clock().after(simulated, () -> exchange.hangUp(this)));
    return this;
  }

  // ---- event-loop mutators used by the Exchange -------------------------------------------

  void record(String type, JsonObject data) {
    events.add(new CallEvent(type, data, Instant.now()));
  }

  void status(String next) {
    status = next;
    updatedAt = Instant.now();
    if (startedAt == null && ("ringing".equals(next) || "in-progress".equals(next))) {
      startedAt = updatedAt;
    }
    if ("in-progress".equals(next) && answeredAt == null) {
      answeredAt = updatedAt;
    }
    if (TERMINAL.contains(next)) {
      endedAt = updatedAt;
    }
    record("status", new JsonObject().put("status", next));
  }

  @Override
  public String toString() {
    return "SimCall[" + sid + " " + from + " -> " + to + " " + status + "]";
  }
}
