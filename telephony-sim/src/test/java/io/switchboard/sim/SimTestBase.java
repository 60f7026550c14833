package io.switchboard.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.common.testing.TestConfigs;
import io.vertx.core.Vertx;
import java.time.Duration;
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

  static final String XML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

  static String response(String verbs) {
    return XML + "<Response>" + verbs + "</Response>";
  }

  /** Every request the simulator made was signed as Twilio signs. */
  void assertAllSigned() {
    app.hits().forEach(hit -> assertTrue(hit.signed(), "bad signature on " + hit));
  }
}
