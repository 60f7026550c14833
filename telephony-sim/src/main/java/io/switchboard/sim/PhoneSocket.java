package io.switchboard.sim;

import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The browser's simulated phone at {@code /sim/phone} (protocol: {@link #onFrame}): a socket
 * registers an identity with a valid AccessToken, then receives that device's messages and sends
 * accept, reject, hangup, connect ({@code {"type":"connect","params":{"To":"+1555..."}}}: places a
 * call to its token's TwiML application; answered {@code outgoing} with the CallSid) and digits ({@code {"type":"digits","digits":"12#"}}: keys pressed during its
 * call). A bad frame gets an {@code error} message, never a crash.
 */
final class PhoneSocket {
  private static final Logger LOG = LoggerFactory.getLogger(PhoneSocket.class);

  private final Exchange ex;
  private final AccessTokens tokens;
  private final ServerWebSocket socket;
  private SimDevice device;
  private Consumer<JsonObject> listener;

  PhoneSocket(Exchange ex, AccessTokens tokens, ServerWebSocket socket) {
    this.ex = ex;
    this.tokens = tokens;
    this.socket = socket;
  }

  void start() {
    socket.textMessageHandler(this::onFrame);
    socket.closeHandler(v -> detach());
    socket.exceptionHandler(t -> LOG.debug("phone socket: {}", t.toString()));
  }

  private void onFrame(String text) {
    JsonObject message;
    try {
      message = new JsonObject(text);
    } catch (RuntimeException e) {
      error("not JSON");
      return;
    }
    String type = message.getString("type", "");
    String callSid = message.getString("callSid");
    switch (type) {
      case "register" -> register(message.getString("identity"), message.getString("token"));
      case "accept" -> whenRegistered(() -> device.accept(callSid).onFailure(t -> error(t.getMessage())));
      case "reject" -> whenRegistered(() -> device.reject(callSid).onFailure(t -> error(t.getMessage())));
      case "hangup" -> whenRegistered(() -> device.hangUp(callSid).onFailure(t -> error(t.getMessage())));
      case "connect" -> whenRegistered(() -> device.connect(params(message.getJsonObject("params")))
          .onSuccess(call -> socket.writeTextMessage(new JsonObject().put("type", "outgoing")
              .put("callSid", call.sid()).encode()))
          .onFailure(t -> error(t.getMessage())));
      case "digits" -> whenRegistered(() -> device.sendDigits(message.getString("digits"))
          .onFailure(t -> error(t.getMessage())));
      case "ping" -> socket.writeTextMessage(new JsonObject().put("type", "pong").encode());
      default -> error("unknown message type '" + type + "'");
    }
  }

  private static Map<String, String> params(JsonObject params) {
    Map<String, String> map = new LinkedHashMap<>();
    if (params != null) {
      params.forEach(e -> map.put(e.getKey(), e.getValue() == null ? "" : e.getValue().toString()));
    }
    return map;
  }

  private void register(String identity, String token) {
    String problem = tokens.problem(token, identity);
    if (problem != null) {
      error("registration refused: " + problem);
      return;
    }
    detach();
    device = ex.device("client:" + identity).application(tokens.outgoingApplication(token));
    listener = message -> socket.writeTextMessage(message.encode());
    device.addListener(listener);
    socket.writeTextMessage(new JsonObject().put("type", "registered").put("identity", identity).encode());
  }

  private void whenRegistered(Runnable action) {
    if (device == null) {
      error("register first");
    } else {
      action.run();
    }
  }

  private void detach() {
    if (device != null) {
      device.removeListener(listener);
    }
  }

  private void error(String message) {
    if (!socket.isClosed()) {
      socket.writeTextMessage(new JsonObject().put("type", "error").put("message", message).encode());
    }
  }
}
