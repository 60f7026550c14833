package io.switchboard.bridge.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.bridge.BridgeFixture;
import io.switchboard.common.bus.Addresses;
import io.switchboard.common.bus.Failures;
import io.switchboard.common.contract.Actor;
import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.TestConfigs;
import io.switchboard.common.testing.TestDatabase;
import io.switchboard.sim.SimCall;
import io.switchboard.sim.SimOptions;
import io.switchboard.sim.TelephonySim;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code GET /api/voicemails/{id}/audio}: a real recording made in telephony-sim, streamed through
 * the bridge with the account's credentials; the owner (here a fake voicemails.audio) decides who
 * may hear it.
 */
@ExtendWith(PgTestDatabase.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VoicemailAudioTest {
  private Vertx appVertx;
  private TelephonySim sim;
  private BridgeFixture bridge;
  private String recordingSid;

  @BeforeEach
  void recordAVoicemail(TestDatabase db) throws Exception {
    appVertx = Vertx.vertx();
    CompletableFuture<String> recorded = new CompletableFuture<>();
    Router app = Router.router(appVertx);
    app.route().handler(BodyHandler.create(false));
    app.post("/voice").handler(ctx -> ctx.response().putHeader("Content-Type", "text/xml")
        .end("<Response><Record action=\"/done\" maxLength=\"10\" timeout=\"5\"/></Response>"));
    app.post("/done").handler(ctx -> {
      recorded.complete(ctx.request().getFormAttribute("RecordingSid"));
      ctx.response().putHeader("Content-Type", "text/xml").end("<Response><Hangup/></Response>");
    });
    HttpServer server = appVertx.createHttpServer().requestHandler(app).listen(0, "127.0.0.1").await();
    sim = TelephonySim.start(appVertx, SimOptions.forTest(TestConfigs.ACCOUNT_SID, TestConfigs.AUTH_TOKEN,
            TestConfigs.API_KEY, TestConfigs.API_SECRET, 0.01)
        .withVoiceUrl(URI.create("http://127.0.0.1:" + server.actualPort() + "/voice"))).await();
    SimCall call = sim.inboundCall("+15557770000", "+15550001111").await();
    call.speakFor(Duration.ofSeconds(2));
    recordingSid = recorded.get(20, TimeUnit.SECONDS);

    bridge = BridgeFixture.start(db, Map.of("TWILIO_API_BASE_URL", sim.baseUrl()), "test-webroot").seed();
    bridge.fake(Addresses.VOICEMAILS_AUDIO, request -> {
      Actor actor = Actor.fromJson(request.getJsonObject("actor"));
      if (!"acme".equals(actor.orgId())) {
        return Future.failedFuture(Failures.forbidden("not in your organization"));
      }
      if (!"VM1".equals(request.getString("voicemailId"))) {
        return Future.failedFuture(Failures.notFound("no such voicemail"));
      }
      return Future.succeededFuture(new JsonObject().put("voicemailId", "VM1").put("orgId", "acme")
          .put("recordingSid", recordingSid));
    });
  }

  @AfterEach
  void stop() {
    bridge.close();
    sim.close().await();
    appVertx.close().await();
  }

  @Test
  void anAgentOfTheOrgHearsTheRecordingThroughTheServer() {
    BridgeFixture.Response audio = bridge.get("/api/voicemails/VM1/audio", bridge.ann());
    assertEquals(200, audio.status(), audio.text());
    assertTrue(audio.headers().get("Content-Type").startsWith("audio/"), audio.headers().get("Content-Type"));
    assertTrue(audio.body().length() > 44, "more than a bare WAV/MP3 header");
    JsonObject documented = bridge.get("/api/openapi.json", null).json().getJsonObject("paths")
        .getJsonObject("/api/voicemails/{voicemailId}/audio").getJsonObject("get").getJsonObject("responses")
        .getJsonObject("200").getJsonObject("content");
    assertEquals(Set.of(audio.headers().get("Content-Type")), documented.fieldNames(),
        "the media type the API document gives the recording");
  }

  @Test
  void anotherOrgIsForbiddenAndAnUnknownVoicemailIsNotFound() {
    BridgeFixture.Response foreign = bridge.get("/api/voicemails/VM1/audio", bridge.gus());
    assertEquals(403, foreign.status(), foreign.text());
    assertEquals("FORBIDDEN", foreign.json().getString("error"));
    BridgeFixture.Response unknown = bridge.get("/api/voicemails/VM9/audio", bridge.ann());
    assertEquals(404, unknown.status(), unknown.text());
  }

  @Test
  void withoutATokenThereIsNoAudio() {
    BridgeFixture.Response anonymous = bridge.get("/api/voicemails/VM1/audio", null);
    assertEquals(401, anonymous.status());
    assertTrue(!new String(anonymous.body().getBytes(), StandardCharsets.ISO_8859_1).startsWith("RIFF"));
  }
}
