package io.switchboard.sim;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A simulated phone: a Voice SDK device registered as {@code client:<identity>}, or a PSTN phone
 * for a number. It receives what a browser phone receives on the WebSocket ({@code incoming},
 * {@code cancel}, {@code connected}, {@code disconnected}) and can accept, reject and hang up.
 * Tests wait on those messages with deadlines ({@link #nextIncoming}, {@link #awaitMessage}).
 */
public final class SimDevice {
  private final Exchange exchange;
  private final String address;
  private final EventLog<JsonObject> messages;
  private final EventLog<IncomingCall> incoming;
  private final List<Consumer<JsonObject>> listeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<IncomingCall>> incomingHandlers = new CopyOnWriteArrayList<>();
  private final Map<String, IncomingCall> ringing = new LinkedHashMap<>();
  private volatile SimCall connected;
  private volatile String applicationSid;

  SimDevice(Exchange exchange, String address) {
    this.exchange = exchange;
    this.address = address;
    this.messages = new EventLog<>(exchange.context(), "device " + address);
    this.incoming = new EventLog<>(exchange.context(), "device " + address);
  }

  /** {@code client:<identity>} or the phone number. */
  public String address() {
    return address;
  }

  public String identity() {
    return address.startsWith("client:") ? address.substring("client:".length()) : address;
  }

  /** Runs {@code handler} on the simulator's event loop for each call that rings this device. */
  public SimDevice onIncoming(Consumer<IncomingCall> handler) {
    incomingHandlers.add(handler);
    return this;
  }

  /** The next ringing call not yet handed out by this method. */
  public Future<IncomingCall> nextIncoming(Duration within) {
    return incoming.next(c -> true, within, "incoming call");
  }

  /** A message of {@code type} (for {@code callSid} when not null), already sent or still to come. */
  public Future<JsonObject> awaitMessage(String type, String callSid, Duration within) {
    return messages.await(m -> type.equals(m.getString("type"))
        && (callSid == null || callSid.equals(m.getString("callSid"))), within, "'" + type + "' message");
  }

  public List<JsonObject> messages() {
    return messages.snapshot();
  }

  public boolean onCall() {
    SimCall call = connected;
    return call != null && call.isLive();
  }

  public Future<Void> accept(String callSid) {
    return OnContext.run(exchange.context(), () -> {
      IncomingCall call = ringing.remove(callSid);
      if (call == null) {
        return fail("no ringing call " + callSid);
      }
      SimCall leg = exchange.call(callSid).orElseThrow();
      if (!exchange.accept(leg, this)) {
        return fail("call " + callSid + " can no longer be answered");
      }
      return Future.succeededFuture();
    });
  }

  public Future<Void> reject(String callSid) {
    return OnContext.run(exchange.context(), () -> {
      if (ringing.remove(callSid) == null) {
        return fail("no ringing call " + callSid);
      }
      // A Voice SDK reject() ends the dialed leg as busy.
      exchange.call(callSid).ifPresent(leg -> exchange.end(leg, "busy"));
      return Future.succeededFuture();
    });
  }

  public Future<Void> hangUp(String callSid) {
    return OnContext.run(exchange.context(), () -> {
      SimCall call = connected;
      if (call == null || !call.sid().equals(callSid) || !call.isLive()) {
        return fail("not connected to " + callSid);
      }
      exchange.end(call, "completed");
      return Future.succeededFuture();
    });
  }

  /** Hangs up whatever call this device is connected to. */
  public Future<Void> hangUp() {
    SimCall call = connected;
    return call == null ? Future.failedFuture(new IllegalStateException(address + " is not on a call"))
        : hangUp(call.sid());
  }

  /**
   * Keys pressed on this phone during its call (the Voice SDK's {@code call.sendDigits}): the
   * other side of the call hears them, or the call's {@code <Gather>} collects them.
   */
  public Future<Void> sendDigits(String keys) {
    SimCall call = connected;
    return call == null ? Future.failedFuture(new IllegalStateException(address + " is not on a call"))
        : call.press(keys);
  }

  /**
   * Places a call from this device (the Voice SDK's {@code device.connect({params})}) to its TwiML
   * application ({@link #application}); {@code To} in {@code params} is the call's {@code To}.
   * Fails if the device is on a call.
   */
  public Future<SimCall> connect(Map<String, String> params) {
    return OnContext.run(exchange.context(), () -> {
      if (onCall()) {
        return fail(address + " is already on a call");
      }
      return Future.succeededFuture(exchange.outgoing(this, applicationSid, Map.copyOf(params)));
    });
  }

  /** The TwiML application this device's calls go to (its AccessToken's outgoing application SID). */
  public SimDevice application(String sid) {
    this.applicationSid = sid;
    return this;
  }

  /** The call this device is connected to, or null. */
  public SimCall currentCall() {
    return connected;
  }

  // ---- used by the Exchange and the phone WebSocket (event loop) ---------------------------

  void addListener(Consumer<JsonObject> listener) {
    listeners.add(listener);
  }

  void removeListener(Consumer<JsonObject> listener) {
    listeners.remove(listener);
  }

  void ring(IncomingCall call) {
    ringing.put(call.callSid(), call);
    send(call.toJson());
    incoming.add(call);
    for (Consumer<IncomingCall> handler : incomingHandlers) {
      handler.accept(call);
    }
  }

  void connected(SimCall leg) {
    connected = leg;
    send(new JsonObject().put("type", "connected").put("callSid", leg.sid()));
  }

  /** The leg ended: a ring that stops is a {@code cancel}, a connected call a {@code disconnected}. */
  void ended(SimCall leg) {
    if (ringing.remove(leg.sid()) != null) {
      send(new JsonObject().put("type", "cancel").put("callSid", leg.sid()));
    }
    if (connected == leg) {
      connected = null;
      send(new JsonObject().put("type", "disconnected").put("callSid", leg.sid()));
    }
  }

  void send(JsonObject message) {
    messages.add(message);
    for (Consumer<JsonObject> listener : listeners) {
      listener.accept(message);
    }
  }

  private static <T> Future<T> fail(String message) {
    return Future.failedFuture(new IllegalStateException(message));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SimDevice d && d.address.equals(address);
  }

  @Override
  public int hashCode() {
    return Objects.hash(address);
  }
}
