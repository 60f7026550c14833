package io.switchboard.common.twilio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.twilio.http.HttpMethod;
import com.twilio.rest.api.v2010.account.Call;
import io.switchboard.common.bus.FailureCode;
import io.switchboard.common.bus.Failures;
import io.switchboard.common.config.ConfigLoader;
import io.switchboard.common.testing.TestConfigs;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TwilioRestTest {

  @Test
  void theSdkTalksToTheConfiguredBaseUrlWithBasicAuthAndFormBodies() {
    Vertx vertx = Vertx.vertx();
    List<String> seen = new CopyOnWriteArrayList<>();
    try {
      HttpServer server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
        seen.add(req.method() + " " + req.path() + " " + req.getHeader("Authorization") + " " + body);
        if (req.path().endsWith("/CAmissing.json")) {
          req.response().setStatusCode(404).putHeader("Content-Type", "application/json")
              .end(new JsonObject().put("code", 20404).put("message", "The requested resource /2010-04-01/Accounts/"
                      + TestConfigs.ACCOUNT_SID + "/Calls/CAmissing.json was not found")
                  .put("more_info", "https://www.twilio.com/docs/errors/20404").put("status", 404).encode());
          return;
        }
        req.response().putHeader("Content-Type", "application/json").end(new JsonObject()
            .put("sid", "CA1").put("account_sid", TestConfigs.ACCOUNT_SID).put("status", "in-progress")
            .put("parent_call_sid", "CA0").put("date_created", "Sat, 21 Nov 2026 04:00:00 +0000").encode());
      })).listen(0, "127.0.0.1").await();

      var values = TestConfigs.values("postgresql://postgres@127.0.0.1:5432/x");
      values.put("TWILIO_API_BASE_URL", "http://127.0.0.1:" + server.actualPort());
      var config = ConfigLoader.load(values, List.of());
      try (TwilioRest rest = TwilioRest.create(vertx, config.twilio())) {
        Call fetched = rest.call(c -> Call.fetcher("CA1").fetch(c)).await();
        assertEquals("CA0", fetched.getParentCallSid());
        assertEquals(Call.Status.IN_PROGRESS, fetched.getStatus());
        assertTrue(fetched.getDateCreated() != null, "RFC 2822 date parsed");

        rest.call(c -> Call.updater("CA1").setUrl(URI.create("https://example.com/twilio/park-twiml?conference=x"))
            .setMethod(HttpMethod.POST).update(c)).await();

        Throwable missing = rest.call(c -> Call.fetcher("CAmissing").fetch(c))
            .map(v -> (Throwable) null).otherwise(t -> t).await();
        assertEquals(FailureCode.NOT_FOUND, Failures.code(missing));
        // Twilio's own text names the account: it is logged, never passed on.
        assertEquals(new JsonObject().put("error", "NOT_FOUND").put("message", "Twilio does not know this call"),
            Failures.body(missing));
      }
      String basic = "Basic " + Base64.getEncoder().encodeToString(
          (TestConfigs.ACCOUNT_SID + ":" + TestConfigs.AUTH_TOKEN).getBytes());
      String path = "/2010-04-01/Accounts/" + TestConfigs.ACCOUNT_SID + "/Calls/CA1.json";
      assertEquals("GET " + path + " " + basic + " ", seen.get(0));
      assertTrue(seen.get(1).startsWith("POST " + path + " " + basic + " "), seen.get(1));
      assertTrue(seen.get(1).contains("Url=https%3A%2F%2Fexample.com%2Ftwilio%2Fpark-twiml%3Fconference%3Dx"), seen.get(1));
      assertTrue(seen.get(1).contains("Method=POST"), seen.get(1));
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void anUnreachableTwilioIsUnavailable() {
    Vertx vertx = Vertx.vertx();
    try {
      var values = TestConfigs.values("postgresql://postgres@127.0.0.1:5432/x");
      values.put("TWILIO_API_BASE_URL", "http://127.0.0.1:1");
      var config = ConfigLoader.load(values, List.of());
      try (TwilioRest rest = TwilioRest.create(vertx, config.twilio())) {
        Throwable failure = rest.call(c -> Call.fetcher("CA1").fetch(c)).map(v -> (Throwable) null)
            .otherwise(t -> t).await();
        assertEquals(FailureCode.UNAVAILABLE, Failures.code(failure));
        assertEquals("Twilio is unavailable", Failures.body(failure).getString("message"), "not the connection's error");
      }
    } finally {
      vertx.close().await();
    }
  }

}
