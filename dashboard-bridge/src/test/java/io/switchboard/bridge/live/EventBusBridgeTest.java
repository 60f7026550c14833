package io.switchboard.bridge.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.bridge.BridgeFixture;
import io.switchboard.common.bus.Addresses;
import io.switchboard.common.cluster.ClusterSupport;
import io.switchboard.common.contract.Role;
import io.switchboard.common.http.OnContext;
import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.SockJsClient;
import io.switchboard.common.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The SockJS bridge over its raw WebSocket endpoint, as a non-browser client sees it. */
@ExtendWith(PgTestDatabase.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EventBusBridgeTest {
  private BridgeFixture bridge;

  @BeforeEach
  void start(TestDatabase db) {
    bridge = BridgeFixture.start(db).seed();
  }

  @AfterEach
  void stop() {
    bridge.close();
  }

  /**
   * The ways a client reaches the bridge: the raw WebSocket endpoint a non-browser client uses, and
   * every transport a browser's SockJS client negotiates (a proxy that blocks WebSockets leaves it
   * the HTTP ones), each through a SockJS client speaking that transport.
   */
  static List<String> transports() {
    List<String> all = new ArrayList<>(List.of(RAW));
    for (SockJsClient.Transport t : SockJsClient.Transport.values()) {
      all.add(t.clientName);
    }
    return all;
  }

  static final String RAW = "raw-websocket";

  /** One bridge client: every frame it receives, and whether it was closed. */
  private final class Client {
    /** The raw WebSocket (null on a SockJS transport). */
    final WebSocket ws;
    final SockJsClient sockjs;
    final LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    final Promise<Void> closed = Promise.promise();

    /** {@code query}: the URL's query ({@code token=..}) or null; {@code cookie}: the session cookie's value or null. */
    Client(String transport, String query, String cookie) {
      Map<String, String> headers = cookie == null ? Map.of() : Map.of("Cookie", "sb_session=" + cookie);
      if (RAW.equals(transport)) {
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(bridge.port())
            .setURI("/eventbus/websocket" + (query == null ? "" : "?" + query));
        headers.forEach(options::addHeader);
        // Connected on a Vert.x context (see OnContext), handlers set on the event loop as the socket
        // opens, so no frame and no close can slip past them.
        var client = bridge.vertx.createWebSocketClient();
        ws = OnContext.run(bridge.vertx, () -> client.connect(options)
            .map(socket -> {
              socket.handler(buffer -> frames.add(buffer.toJsonObject()));
              socket.closeHandler(v -> closed.tryComplete());
              return socket;
            })).await();
        if (ws.isClosed()) {
          closed.tryComplete();
        }
        sockjs = null;
      } else {
        SockJsClient.Transport t = Arrays.stream(SockJsClient.Transport.values())
            .filter(x -> x.clientName.equals(transport)).findFirst().orElseThrow();
        sockjs = SockJsClient.open(bridge.vertx, bridge.port(), "/eventbus", t, query, headers).await()
            .messageHandler(text -> frames.add(new JsonObject(text)));
        sockjs.closed().onComplete(ar -> closed.tryComplete());
        ws = null;
      }
    }

    void write(JsonObject frame) {
      writeText(frame.encode());
    }

    void writeText(String text) {
      if (ws != null) {
        ws.writeTextMessage(text).await();
      } else {
        sockjs.send(text).await();
      }
    }

    void close() {
      if (ws != null) {
        ws.close().await();
      } else {
        sockjs.close().await();
      }
    }

    void register(String address, String token) {
      JsonObject frame = new JsonObject().put("type", "register").put("address", address);
      if (token != null) {
        frame.put("headers", new JsonObject().put("token", token));
      }
      write(frame);
    }

    JsonObject next() throws InterruptedException {
      JsonObject frame = frames.poll(5, TimeUnit.SECONDS);
      assertNotNull(frame, "no frame within 5 s");
      return frame;
    }

    /** Publishes on {@code address} until this client receives a message for it (registration is async). */
    JsonObject publishUntilReceived(String address, JsonObject body) throws InterruptedException {
      long deadline = System.currentTimeMillis() + 5_000;
      while (System.currentTimeMillis() < deadline) {
        bridge.vertx.eventBus().publish(address, body);
        JsonObject frame = frames.poll(100, TimeUnit.MILLISECONDS);
        if (frame != null) {
          return frame;
        }
      }
      throw new AssertionError("nothing received on " + address);
    }

    boolean closedWithin(long ms) {
      try {
        closed.future().timeout(ms, TimeUnit.MILLISECONDS).await();
        return true;
      } catch (Exception timedOut) { // await() rethrows the timeout as it is, a checked exception
        return false;
      }
    }
  }

  private Client withQueryToken(String transport, String token) {
    return new Client(transport, "token=" + token, null);
  }

  private Client withQueryToken(String token) {
    return withQueryToken(RAW, token);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void aValidTokenReceivesItsOwnOrgsBoardDeltas(String transport) throws Exception {
    Client ann = withQueryToken(transport, bridge.ann());
    ann.register(Addresses.board("acme"), bridge.ann());

    JsonObject delta = new JsonObject().put("kind", "call").put("op", "upsert").put("key", "CA1").put("version", 3);
    JsonObject frame = ann.publishUntilReceived(Addresses.board("acme"), delta);

    assertEquals(new JsonObject().put("type", "rec").put("address", "board.acme").put("body", delta), frame);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void theSessionCookieOpensTheSocketAndItsOwnAgentAddressWorks(String transport) throws Exception {
    String token = bridge.ann();
    Client ann = new Client(transport, null, token);
    ann.register(Addresses.agent("ann"), token);

    JsonObject notice = new JsonObject().put("type", "ring-cancelled").put("callSid", "CA1");
    assertEquals(notice, ann.publishUntilReceived(Addresses.agent("ann"), notice).getJsonObject("body"));
  }

  /** What a browser's SockJS client opens: the session transport, which strips cookies from its request. */
  @Test
  void theSessionCookieOpensTheSockJsWebSocketTransportABrowserUses() throws Exception {
    String token = bridge.ann();
    LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
    // the handler is set on the event loop as the socket opens, so the server's first frame cannot be missed
    var client = bridge.vertx.createWebSocketClient();
    WebSocket ws = OnContext.run(bridge.vertx, () -> client.connect(
            new WebSocketConnectOptions().setHost("127.0.0.1").setPort(bridge.port())
                .setURI("/eventbus/123/abcd1234/websocket").addHeader("Cookie", "sb_session=" + token))
        .map(socket -> socket.handler(buffer -> frames.add(buffer.toString()))))
        .await();
    assertEquals("o", frames.poll(5, TimeUnit.SECONDS), "the SockJS open frame");
    JsonObject register = new JsonObject().put("type", "register").put("address", Addresses.agent("ann"))
        .put("headers", new JsonObject().put("token", token));
    ws.writeTextMessage(new JsonArray().add(register.encode()).encode()).await();

    JsonObject notice = new JsonObject().put("type", "ring-cancelled").put("callSid", "CA1");
    long deadline = System.currentTimeMillis() + 5_000;
    String received = null;
    while (received == null && System.currentTimeMillis() < deadline) {
      bridge.vertx.eventBus().publish(Addresses.agent("ann"), notice);
      String frame = frames.poll(100, TimeUnit.MILLISECONDS);
      assertTrue(frame == null || !frame.startsWith("c"), "the socket was closed: " + frame);
      if (frame != null && frame.startsWith("a")) {
        received = frame;
      }
    }
    assertNotNull(received, "nothing received over the SockJS transport");
    JsonObject rec = new JsonObject(new JsonArray(received.substring(1)).getString(0));
    assertEquals(notice, rec.getJsonObject("body"));
    ws.close().await();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void anotherOrgsBoardIsDeniedAndNothingOfThatOrgArrives(String transport) throws Exception {
    Client ann = withQueryToken(transport, bridge.ann());

    ann.register(Addresses.board("globex"), bridge.ann());
    assertEquals(new JsonObject().put("type", "err").put("body", "access_denied"), ann.next());

    // Globex publishes first, then acme; the socket is registered for acme only.
    ann.register(Addresses.board("acme"), bridge.ann());
    bridge.vertx.eventBus().publish(Addresses.board("globex"), new JsonObject().put("secret", "globex"));
    JsonObject own = ann.publishUntilReceived(Addresses.board("acme"), new JsonObject().put("mine", true));
    assertEquals("board.acme", own.getString("address"));
    for (int i = 0; i < 5; i++) {
      bridge.vertx.eventBus().publish(Addresses.board("globex"), new JsonObject().put("secret", "globex"));
    }
    bridge.vertx.eventBus().publish(Addresses.board("acme"), new JsonObject().put("last", true));
    JsonObject frame;
    while ((frame = ann.frames.poll(1, TimeUnit.SECONDS)) != null && !frame.getJsonObject("body").containsKey("last")) {
      assertEquals("board.acme", frame.getString("address"), "leaked: " + frame);
    }
    assertNotNull(frame, "the last acme delta arrived, so every globex one before it was dropped");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void registersWithoutAValidTokenOfTheSameUserOrForAnotherAgentAreDenied(String transport) throws Exception {
    Client ann = withQueryToken(transport, bridge.ann());
    JsonObject denied = new JsonObject().put("type", "err").put("body", "access_denied");

    ann.register(Addresses.agent("bob"), bridge.ann());
    assertEquals(denied, ann.next(), "another agent's notices");
    ann.register(Addresses.board("acme"), null);
    assertEquals(denied, ann.next(), "no token in the register headers");
    ann.register(Addresses.board("acme"), bridge.token("bob", "acme", Role.AGENT));
    assertEquals(denied, ann.next(), "another user's token");
    ann.register(Addresses.board("acme"), "forged.token.value");
    assertEquals(denied, ann.next(), "a forged token");
    ann.register("calls.changed", bridge.ann());
    assertEquals(denied, ann.next(), "an internal address");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void inboundSendAndPublishAreDenied(String transport) throws Exception {
    var claims = bridge.fake(Addresses.CLAIMS_CLAIM, Future::succeededFuture);
    Client ann = withQueryToken(transport, bridge.ann());

    ann.write(new JsonObject().put("type", "send").put("address", Addresses.CLAIMS_CLAIM)
        .put("body", new JsonObject().put("callSid", "CA1")).put("replyAddress", "r1"));
    JsonObject denied = new JsonObject().put("type", "err").put("body", "access_denied"); // as the Vert.x bridge answers
    assertEquals(denied, ann.next());
    ann.write(new JsonObject().put("type", "publish").put("address", Addresses.board("acme"))
        .put("body", new JsonObject()));
    assertEquals(denied, ann.next());

    assertTrue(claims.requests.isEmpty());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void aGracefulStopClosesEveryOpenSocketReportsItAndRefusesNewOnes(String transport) throws Exception {
    var disconnected = bridge.fake(Addresses.PRESENCE_DISCONNECTED, Future::succeededFuture);
    Client ann = withQueryToken(transport, bridge.ann());
    ann.register(Addresses.board("acme"), bridge.ann());
    ann.publishUntilReceived(Addresses.board("acme"), new JsonObject().put("before", true));

    bridge.module.drain().await();

    assertTrue(ann.closedWithin(5_000), "the open socket is closed so the browser reconnects elsewhere");
    long deadline = System.currentTimeMillis() + 5_000;
    while (disconnected.requests.isEmpty() && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertEquals("ann", disconnected.requests.get(0).getString("agentId"), "presence is told");
    Client late = withQueryToken(transport, bridge.ann());
    assertTrue(late.closedWithin(5_000), "a draining node takes no new sockets");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void noOrAnInvalidTokenClosesTheSocket(String transport) {
    Client none = new Client(transport, null, null);
    Client forged = withQueryToken(transport, "not-a-jwt");
    String expired = bridge.jwt.issue("ann", "acme", Role.AGENT, "Ann", Instant.now().minusSeconds(1)).token();
    Client late = withQueryToken(transport, expired);

    assertTrue(none.closedWithin(5_000));
    assertTrue(forged.closedWithin(5_000));
    assertTrue(late.closedWithin(5_000));
    assertTrue(none.frames.isEmpty() && forged.frames.isEmpty() && late.frames.isEmpty());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void theSocketClosesWhenItsTokenExpires(String transport) {
    String shortLived = bridge.jwt.issue("ann", "acme", Role.AGENT, "Ann", Instant.now().plusSeconds(2)).token();
    Client ann = withQueryToken(transport, shortLived);

    assertTrue(ann.closedWithin(5_000), "closed at expiry");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void anOpenDashboardClosesWhenItsSessionLogsOutWhileAnotherSessionStaysOpen(String transport) throws InterruptedException {
    String loggingOut = bridge.ann();
    String staying = bridge.ann();
    Client closing = withQueryToken(transport, loggingOut);
    Client open = withQueryToken(transport, staying);
    long deadline = System.currentTimeMillis() + 5_000;
    while (bridge.module.bridge().openSockets() < 2) {
      assertTrue(System.currentTimeMillis() < deadline, "both sockets open");
      Thread.sleep(10);
    }

    assertEquals(200, bridge.call(HttpMethod.POST, "/api/logout", loggingOut, null, null).status());

    assertTrue(closing.closedWithin(5_000), "the logged-out session's socket is closed");
    assertFalse(open.closedWithin(1_500), "the other session's socket stays open");
    assertEquals(1, bridge.module.bridge().openSockets());
    assertTrue(withQueryToken(transport, loggingOut).closedWithin(5_000), "and cannot open again");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void openAndCloseAreReportedToPresenceWithOneConnectionId(String transport) {
    var connected = bridge.fake(Addresses.PRESENCE_CONNECTED, req -> Future.succeededFuture(new JsonObject()));
    var disconnected = bridge.fake(Addresses.PRESENCE_DISCONNECTED, req -> Future.succeededFuture(new JsonObject()));

    Client ann = withQueryToken(transport, bridge.ann());
    JsonObject opened = awaitOne(connected);
    ann.close();
    JsonObject closed = awaitOne(disconnected);

    assertEquals("ann", opened.getString("agentId"));
    assertEquals("acme", opened.getString("orgId"));
    assertEquals(ClusterSupport.nodeId(bridge.vertx), opened.getString("nodeId"));
    assertNotNull(opened.getString("connectionId"));
    assertEquals(opened, closed, "the same connection closes");
    Client second = withQueryToken(transport, bridge.ann());
    assertNull(second.frames.poll());
  }

  /** Polls until {@code count} sockets of this node are registered for {@code address}. */
  private void awaitRegistered(String address, int count) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 5_000;
    while (bridge.module.bridge().registered(address) != count) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError(bridge.module.bridge().registered(address) + " registered for " + address);
      }
      Thread.sleep(10);
    }
  }

  /** Takes {@code count} frames from {@code client}, asserting each is for {@code address} and the next in order. */
  private static void assertInOrder(Client client, String address, int count) throws InterruptedException {
    for (int i = 0; i < count; i++) {
      JsonObject frame = client.frames.poll(5, TimeUnit.SECONDS);
      assertNotNull(frame, "frame " + i + " of " + count + " on " + address + " did not arrive within 5 s");
      assertEquals(address, frame.getString("address"), "leaked: " + frame);
      assertEquals(i, frame.getJsonObject("body").getInteger("seq"), "out of order");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void eachOrgsSocketsReceiveOnlyTheirOwnBoardInPublishOrder(String transport) throws Exception {
    Client ann = withQueryToken(transport, bridge.ann());
    Client bob = withQueryToken(transport, bridge.token("bob", "acme", Role.AGENT));
    Client gus = withQueryToken(transport, bridge.gus());
    ann.register(Addresses.board("acme"), bridge.ann());
    bob.register(Addresses.board("acme"), bridge.token("bob", "acme", Role.AGENT));
    gus.register(Addresses.board("globex"), bridge.gus());
    awaitRegistered(Addresses.board("acme"), 2);
    awaitRegistered(Addresses.board("globex"), 1);

    for (int i = 0; i < 200; i++) {
      bridge.vertx.eventBus().publish(Addresses.board("acme"), new JsonObject().put("seq", i).put("org", "acme"));
      bridge.vertx.eventBus().publish(Addresses.board("globex"), new JsonObject().put("seq", i).put("org", "globex"));
    }

    assertInOrder(ann, "board.acme", 200);
    assertInOrder(bob, "board.acme", 200);
    assertInOrder(gus, "board.globex", 200);
    assertNull(ann.frames.poll(200, TimeUnit.MILLISECONDS), "nothing else, in particular nothing of globex");
    assertNull(gus.frames.poll(), "nothing of acme");
  }

  @Test
  void aClientThatStopsReadingIsClosedAndTheOthersGetEveryDeltaInOrder() throws Exception {
    var disconnected = bridge.fake(Addresses.PRESENCE_DISCONNECTED, Future::succeededFuture);
    String address = Addresses.board("acme");
    Client slow = withQueryToken(bridge.ann());
    Client fast = withQueryToken(bridge.token("bob", "acme", Role.AGENT));
    slow.register(address, bridge.ann());
    fast.register(address, bridge.token("bob", "acme", Role.AGENT));
    awaitRegistered(address, 2);
    slow.ws.pause(); // stops reading: the server's write queue for it fills up

    String padding = "x".repeat(60 * 1024);
    int seq = 0;
    // In batches the fast client keeps up with, until the server gives up on the slow one.
    while (bridge.module.bridge().registered(address) == 2 && seq < 5_000) {
      for (int i = 0; i < 4; i++, seq++) {
        bridge.vertx.eventBus().publish(address, new JsonObject().put("seq", seq).put("pad", padding));
      }
      long deadline = System.currentTimeMillis() + 5_000;
      while (fast.frames.size() < seq) {
        if (fast.ws.isClosed() || System.currentTimeMillis() > deadline) {
          throw new AssertionError("the fast client fell behind at " + fast.frames.size() + " of " + seq);
        }
        Thread.sleep(1);
      }
    }
    assertEquals(1, bridge.module.bridge().registered(address), "the slow client was dropped after " + seq);
    bridge.vertx.eventBus().publish(address, new JsonObject().put("seq", seq).put("pad", ""));

    assertInOrder(fast, address, seq + 1);
    assertEquals("ann", awaitOne(disconnected).getString("agentId"), "presence is told the slow one left");
    assertEquals(1, bridge.module.bridge().openSockets());
    slow.ws.resume(); // reads its backlog, then the close
    assertTrue(slow.closedWithin(10_000), "the slow client was closed");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void pingsAndUnknownFramesAreAnsweredAsTheVertxBridgeDoes(String transport) throws Exception {
    Client ann = withQueryToken(transport, bridge.ann());
    ann.write(new JsonObject().put("type", "ping"));
    ann.writeText("not json");
    assertEquals(new JsonObject().put("type", "err").put("body", "invalid_json"), ann.next());
    ann.write(new JsonObject().put("address", "board.acme"));
    assertEquals(new JsonObject().put("type", "err").put("body", "missing_type"), ann.next());
    ann.write(new JsonObject().put("type", "register"));
    assertEquals(new JsonObject().put("type", "err").put("body", "missing_address"), ann.next());
    ann.write(new JsonObject().put("type", "shout").put("address", "board.acme"));
    assertEquals(new JsonObject().put("type", "err").put("body", "invalid_type"), ann.next());

    ann.register(Addresses.board("acme"), bridge.ann());
    awaitRegistered(Addresses.board("acme"), 1);
    ann.write(new JsonObject().put("type", "unregister").put("address", "board.acme"));
    awaitRegistered(Addresses.board("acme"), 0);
  }

  /** Waits for one request; up to 15 s, as a polling client's close is noticed only at SockJS's session timeout (5 s). */
  private static JsonObject awaitOne(BridgeFixture.Recorder recorder) {
    long deadline = System.currentTimeMillis() + 15_000;
    while (recorder.requests.isEmpty() && System.currentTimeMillis() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
    return recorder.only();
  }
}
