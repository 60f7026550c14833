package io.switchboard.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.twilio.http.TwilioRestClient;
import io.switchboard.common.config.SwitchboardConfig;
import io.switchboard.common.testing.TestConfigs;
import io.switchboard.common.twilio.TwilioRest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A simulator at time scale 0.01 and a test application it calls, fresh for each test. */
abstract class SimTestBase {
  static final Duration WITHIN = Duration.ofSeconds(5);
  static final String CALLER = "+15550001111";
  static final String NUMBER = "+15559990000";
  static final double SCALE = 0.01;

  Vertx vertx;
  TestApp app;
  TelephonySim sim;

  @BeforeEach
  void startSimAndApp() {
    vertx = Vertx.vertx();
    app = TestApp.start(vertx);
    sim = TelephonySim.start(vertx, SimOptions.forTest(TestConfigs.ACCOUNT_SID, TestConfigs.AUTH_TOKEN,
            TestConfigs.API_KEY, TestConfigs.API_SECRET, SCALE)
        .withVoiceUrl(app.url("/voice"))
        .withStatusCallbackUrl(app.url("/call-status"))
        .withWebhookTimeout(Duration.ofSeconds(15))).await();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  /** The Twilio SDK's REST client, pointed at the simulator. */
  TwilioRestClient sdk() {
    return TwilioRest.client(new SwitchboardConfig.Twilio(TestConfigs.ACCOUNT_SID, TestConfigs.AUTH_TOKEN,
        TestConfigs.API_KEY, TestConfigs.API_SECRET, TestConfigs.TWIML_APP_SID, URI.create(sim.baseUrl())));
  }

  /** A GET of the REST API with the account's credentials, as JSON (with its status as {@code _status}). */
  JsonObject restGet(String pathAndQuery) {
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create(sim.baseUrl() + "/2010-04-01/Accounts/" + TestConfigs.ACCOUNT_SID + pathAndQuery))
          .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
              (TestConfigs.ACCOUNT_SID + ":" + TestConfigs.AUTH_TOKEN).getBytes(StandardCharsets.UTF_8)))
          .build(), HttpResponse.BodyHandlers.ofString());
      JsonObject body = response.body().isBlank() ? new JsonObject() : new JsonObject(response.body());
      return body.put("_status", response.statusCode());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static final String XML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

  static String response(String verbs) {
    return XML + "<Response>" + verbs + "</Response>";
  }

  /** Every request the simulator made was signed as Twilio signs. */
  void assertAllSigned() {
    app.hits().forEach(hit -> assertTrue(hit.signed(), "bad signature on " + hit));
  }
}
