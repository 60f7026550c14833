package io.switchboard.bridge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.switchboard.bridge.BridgeFixture;
import io.switchboard.common.http.OnContext;
import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.TestConfigs;
import io.switchboard.common.testing.TestDatabase;
import io.switchboard.sim.SimOptions;
import io.switchboard.sim.TelephonySim;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With telephony-sim playing Twilio, a board opened at any address of the bridge (here
 * {@code localhost}, while the simulator listens on 127.0.0.1 only) gets its phone and the demo's
 * call control through the page's own origin.
 */
@ExtendWith(PgTestDatabase.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public class SimProxyTest {
  private Vertx simVertx;
  private TelephonySim sim;
  private BridgeFixture bridge;

  @BeforeEach
  void start(TestDatabase db) {
    simVertx = Vertx.vertx();
    sim = TelephonySim.start(simVertx, SimOptions.forTest(TestConfigs.ACCOUNT_SID, TestConfigs.AUTH_TOKEN,
        TestConfigs.API_KEY, TestConfigs.API_SECRET, 1.0)).await();
    bridge = BridgeFixture.start(db, Map.of("TWILIO_API_BASE_URL", sim.baseUrl()), "test-webroot").seed();
  }

  @AfterEach
  void stop() {
    bridge.close();
    sim.close().await();
    simVertx.close().await();
  }

  @Test
  void aBoardOpenedByAnotherNameOfTheMachineGetsItsPhoneAndCallControlAtThatOrigin() throws Exception {
    String origin = "localhost:" + bridge.port();
    JsonObject config = bridge.call(HttpMethod.GET, "/api/config", bridge.ann(), null, null, Map.of("Host", origin))
        .json();
    assertEquals("ws://" + origin + "/sim/phone", config.getString("simPhoneUrl"));
    assertEquals("http://" + origin + "/sim", config.getString("simControlUrl"));

    // The phone registers through that URL with its access token, reaching the simulator.
    String token = bridge.get("/api/twilio/token", bridge.ann()).json().getString("token");
    LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    var client = bridge.vertx.createWebSocketClient();
    WebSocket phone = OnContext.run(bridge.vertx, () -> client.connect(new WebSocketConnectOptions()
            .setHost("localhost").setPort(bridge.port()).setURI("/sim/phone"))
        .map(ws -> ws.textMessageHandler(text -> frames.add(new JsonObject(text))))).await();
    phone.writeTextMessage(new JsonObject().put("type", "register").put("identity", "ann").put("token", token)
        .encode()).await();
    JsonObject registered = frames.poll(10, TimeUnit.SECONDS);
    assertNotNull(registered, "no answer from the simulator's phone");
    assertEquals(new JsonObject().put("type", "registered").put("identity", "ann"), registered);

    // The demo bar's call control, at the same origin.
    var calls = bridge.call(HttpMethod.GET, "/sim/calls", null, null, null, Map.of("Host", origin));
    assertEquals(200, calls.status(), calls.text());
    assertEquals(0, calls.json().getJsonArray("calls").size());
    var bad = bridge.call(HttpMethod.POST, "/sim/calls", null, "application/json", "{}", Map.of("Host", origin));
    assertEquals(400, bad.status(), "the simulator's own answer comes back: " + bad.text());
    phone.close().await();
  }
}
