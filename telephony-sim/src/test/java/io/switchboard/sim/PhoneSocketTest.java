package io.switchboard.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.twilio.jwt.accesstoken.AccessToken;
import com.twilio.jwt.accesstoken.VoiceGrant;
import io.switchboard.common.testing.TestConfigs;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PhoneSocketTest extends SimTestBase {

  private static String token(String identity, String secret) {
    return new AccessToken.Builder(TestConfigs.ACCOUNT_SID, TestConfigs.API_KEY, secret.getBytes(StandardCharsets.UTF_8))
        .identity(identity).grant(new VoiceGrant()).build().toJwt();
  }

  private final List<Phone> phones = new ArrayList<>();

  /** Sockets close before Vert.x does, so no close handshake is left waiting. */
  @AfterEach
  void closePhones() {
    phones.forEach(p -> p.socket.close().await());
  }

  private final class Phone {
    final WebSocket socket;
    final EventLog<JsonObject> frames;

    Phone() {
      frames = new EventLog<>(vertx.getOrCreateContext(), "phone");
      WebSocketClient client = vertx.createWebSocketClient();
      socket = client.connect(sim.port(), "127.0.0.1", "/sim/phone").await();
      socket.textMessageHandler(text -> frames.add(new JsonObject(text)));
      phones.add(this);
    }

    void send(JsonObject message) {
      socket.writeTextMessage(message.encode()).await();
    }

    JsonObject next(String type) {
      return frames.next(m -> type.equals(m.getString("type")), WITHIN, type).await();
    }
  }

  @Test
  void aBrowserPhoneRegistersWithItsAccessTokenAndAnswersSendsAndHearsKeysAndHangsUp() {
    app.on("/voice", hit -> new TestApp.Reply(200, response("<Dial action=\"/dial-status\" timeout=\"600\"><Client>"
        + "<Identity>agent-7</Identity><Parameter name=\"callSid\" value=\"" + hit.param("CallSid") + "\"/></Client></Dial>")));
    app.twiml("/dial-status", response("<Hangup/>"));
    Phone phone = new Phone();
    phone.send(new JsonObject().put("type", "register").put("identity", "agent-7")
        .put("token", token("agent-7", TestConfigs.API_SECRET)));
    assertEquals("agent-7", phone.next("registered").getString("identity"));

    SimCall call = sim.inboundCall(CALLER, NUMBER).await();
    JsonObject incoming = phone.next("incoming");
    assertEquals(call.sid(), incoming.getString("parentCallSid"));
    assertEquals("client:agent-7", incoming.getString("to"));
    assertEquals(call.sid(), incoming.getJsonObject("parameters").getString("callSid"));
    String leg = incoming.getString("callSid");

    phone.send(new JsonObject().put("type", "accept").put("callSid", leg));
    assertEquals(leg, phone.next("connected").getString("callSid"));
    // Keys pressed in the browser (the Voice SDK's sendDigits) reach the caller's side; the caller's reach the phone.
    phone.send(new JsonObject().put("type", "digits").put("digits", "42#"));
    assertEquals("42#", call.awaitEvent("dtmf-heard", WITHIN).await().get("digits"));
    call.press("7").await();
    assertEquals("7", phone.next("dtmf").getString("digits"));
    phone.send(new JsonObject().put("type", "digits").put("digits", "not keys"));
    assertTrue(phone.next("error").getString("message").contains("keys"));
    phone.send(new JsonObject().put("type", "hangup").put("callSid", leg));
    assertEquals(leg, phone.next("disconnected").getString("callSid"));
    assertEquals("completed", app.await("/dial-status", WITHIN).param("DialCallStatus"));
  }

  @Test
  void aBrowserPhoneConnectsToItsTokensApplication() {
    sim.application(TestConfigs.TWIML_APP_SID).voiceUrl(app.url("/app"));
    app.twiml("/app", response("<Say>Outbound</Say><Pause length=\"600\"/>"));
    Phone phone = new Phone();
    String token = new AccessToken.Builder(TestConfigs.ACCOUNT_SID, TestConfigs.API_KEY,
        TestConfigs.API_SECRET.getBytes(StandardCharsets.UTF_8)).identity("agent-9")
        .grant(new VoiceGrant().setOutgoingApplicationSid(TestConfigs.TWIML_APP_SID)).build().toJwt();
    phone.send(new JsonObject().put("type", "register").put("identity", "agent-9").put("token", token));
    phone.next("registered");
    phone.send(new JsonObject().put("type", "connect").put("params", new JsonObject().put("To", "+15550003333")));
    String callSid = phone.next("outgoing").getString("callSid");
    assertEquals(callSid, phone.next("connected").getString("callSid"));
    TestApp.Hit hit = app.await("/app", WITHIN);
    assertEquals(TestConfigs.TWIML_APP_SID, hit.param("ApplicationSid"));
    assertEquals("client:agent-9", hit.param("From"));
    assertEquals("+15550003333", hit.param("To"));
    phone.send(new JsonObject().put("type", "hangup").put("callSid", callSid));
    assertEquals(callSid, phone.next("disconnected").getString("callSid"));
  }

  @Test
  void aBadTokenOrFrameGetsAnErrorAndNoRegistration() {
    Phone phone = new Phone();
    phone.send(new JsonObject().put("type", "register").put("identity", "agent-7")
        .put("token", token("agent-7", "another-secret-that-is-long-enough-000")));
    assertTrue(phone.next("error").getString("message").contains("bad signature"));
    phone.send(new JsonObject().put("type", "register").put("identity", "agent-8")
        .put("token", token("agent-7", TestConfigs.API_SECRET)));
    assertTrue(phone.next("error").getString("message").contains("identity"));
    phone.socket.writeTextMessage("{not json").await();
    assertEquals("not JSON", phone.next("error").getString("message"));
    phone.send(new JsonObject().put("type", "accept").put("callSid", "CA1"));
    assertEquals("register first", phone.next("error").getString("message"));
  }

  @Test
  void theDemoControlsPlaceListAndHangUpCalls() throws Exception {
    app.twiml("/voice", response("<Say>Hi</Say><Pause length=\"600\"/>"));
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> placed = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/sim/calls"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"from\":\"" + CALLER + "\",\"to\":\"" + NUMBER + "\"}"))
        .header("Origin", "http://localhost:8080").build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(201, placed.statusCode());
    assertTrue(placed.headers().firstValue("Access-Control-Allow-Origin").isPresent(), "CORS for the demo page");
    String sid = new JsonObject(placed.body()).getString("callSid");
    sim.call(sid).orElseThrow().awaitEvent("pause", WITHIN).await();

    String live = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/sim/calls")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    assertEquals(sid, new JsonObject(live).getJsonArray("calls").getJsonObject(0).getString("callSid"));

    HttpResponse<String> hungUp = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/sim/calls/" + sid + "/hangup"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, hungUp.statusCode());
    assertEquals("completed", app.await("/call-status", WITHIN).param("CallStatus"));

    HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/sim/calls"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(400, bad.statusCode());
  }
}
