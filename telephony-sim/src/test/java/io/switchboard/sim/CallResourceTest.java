package io.switchboard.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.twilio.exception.ApiException;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.rest.api.v2010.account.Queue;
import com.twilio.type.Client;
import com.twilio.type.PhoneNumber;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Calls create and the call resource as Twilio documents them; what the sim does not do says so. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CallResourceTest extends SimTestBase {

  @Test
  void createWithAnInvalidToIs400Code21211AndCreatesNothing() {
    for (String to : List.of("not-a-number", "+1", "12345678901234567890", "client:", "+1555 CALL ME")) {
      ApiException refused = assertThrows(ApiException.class,
          () -> Call.creator(new PhoneNumber(to), new PhoneNumber(NUMBER), app.url("/outbound")).create(sdk()), to);
      assertEquals(21211, refused.getCode(), to);
      assertEquals(400, refused.getStatusCode(), to);
    }
    assertTrue(sim.calls().isEmpty(), "no call was created");
  }

  @Test
  void createWithANonHttpUrlIs400Code21205() {
    for (String url : List.of("ftp://example.com/twiml", "file:///etc/passwd", "mailto:a@example.com",
        "/relative/twiml")) {
      ApiException refused = assertThrows(ApiException.class,
          () -> Call.creator(new PhoneNumber("+15550002222"), new PhoneNumber(NUMBER), URI.create(url)).create(sdk()),
          url);
      assertEquals(21205, refused.getCode(), url);
      assertEquals(400, refused.getStatusCode(), url);
    }
    assertTrue(sim.calls().isEmpty());
  }

  @Test
  void createAnswersQueuedWithNoStartTimeThenTheCallRings() {
    sim.phone("+15550002222");
    Call created = Call.creator(new PhoneNumber("+15550002222"), new PhoneNumber(NUMBER), app.url("/outbound"))
        .create(sdk());
    assertEquals(Call.Status.QUEUED, created.getStatus());
    assertNull(created.getStartTime(), "not dialed yet");
    assertNull(created.getDuration());
    SimCall call = sim.call(created.getSid()).orElseThrow();
    call.awaitStatus("ringing", WITHIN).await();
    assertEquals(Call.Status.RINGING, Call.fetcher(created.getSid()).fetch(sdk()).getStatus());
    assertNotNull(Call.fetcher(created.getSid()).fetch(sdk()).getStartTime(), "dialed: start_time is set");
  }

  @Test
  void anUnansweredCallHasItsStartTimeButNoDurationOrEndTime() {
    SimDevice phone = sim.phone("+15550002222");
    Call created = Call.creator(new PhoneNumber("+15550002222"), new PhoneNumber(NUMBER), app.url("/outbound"))
        .setTimeout(5).create(sdk());
    SimCall call = sim.call(created.getSid()).orElseThrow();
    call.awaitEnd(WITHIN).await();
    assertEquals("no-answer", call.status());
    Call fetched = Call.fetcher(created.getSid()).fetch(sdk());
    assertEquals(Call.Status.NO_ANSWER, fetched.getStatus());
    assertNotNull(fetched.getStartTime(), "Twilio: start_time is empty only while the call is not yet dialed");
    assertNull(fetched.getDuration(), "Twilio: duration is empty for busy, failed, unanswered calls");
    assertNull(fetched.getEndTime(), "Twilio: end_time is empty if the call did not complete successfully");
    assertTrue(phone.messages().stream().anyMatch(m -> "cancel".equals(m.getString("type"))));
    JsonObject resource = restGet("/Calls/" + call.sid() + ".json");
    resource.remove("_status");
    OpenApiSchemas.load().check("api.v2010.account.call", resource);
  }

  @Test
  void anAnsweredCallReportsItsDurationInSimulatedSeconds() {
    app.twiml("/outbound", response("<Pause length=\"20\"/><Hangup/>"));
    SimDevice carol = sim.device("carol");
    Call created = Call.creator(new Client("client:carol"), new PhoneNumber(NUMBER), app.url("/outbound"))
        .create(sdk());
    carol.nextIncoming(WITHIN).await().accept().await();
    SimCall call = sim.call(created.getSid()).orElseThrow();
    call.awaitEnd(WITHIN).await();
    Call fetched = Call.fetcher(created.getSid()).fetch(sdk());
    assertEquals(Call.Status.COMPLETED, fetched.getStatus());
    long seconds = Long.parseLong(fetched.getDuration());
    // At least the 20 simulated seconds of the pause (webhook round trips, real time, count 100-fold at this scale).
    assertTrue(seconds >= 20 && seconds < 600, "about 20 simulated seconds: " + seconds);
    assertNotNull(fetched.getEndTime());
  }

  @Test
  void anEndpointTheSimDoesNotImplementIs501NotSimulatedWhileAMissingCallIsStill20404() {
    JsonObject queues = restGet("/Queues.json");
    assertEquals(501, queues.getInteger("_status"));
    assertTrue(queues.getString("message").startsWith("Not simulated"), queues.encode());
    assertTrue(queues.getString("message").contains("GET /2010-04-01/Accounts/"), queues.encode());
    ApiException sdkAnswer = assertThrows(ApiException.class, () -> Queue.reader().read(sdk()).iterator().next());
    assertEquals(501, sdkAnswer.getStatusCode());
    assertTrue(sdkAnswer.getMessage().startsWith("Not simulated"), sdkAnswer.getMessage());

    app.twiml("/voice", response("<Say>Hi</Say><Pause length=\"600\"/>"));
    SimCall call = sim.inboundCall(CALLER, NUMBER).await();
    call.awaitEvent("pause", WITHIN).await();
    // The call exists; a sub-resource of it the sim does not do is not "not found".
    assertEquals(501, restGet("/Calls/" + call.sid() + "/Notifications.json").getInteger("_status"));
    ApiException missing = assertThrows(ApiException.class,
        () -> Call.fetcher("CA" + "0".repeat(32)).fetch(sdk()));
    assertEquals(20404, missing.getCode());
  }

  @Test
  void sendDigitsAreDialedToTheCalledPhoneOnceItAnswersBeforeTheUrlRuns() {
    app.twiml("/outbound", response("<Say>Connected</Say><Pause length=\"600\"/>"));
    SimDevice phone = sim.phone("+15550002222");
    Call created = Call.creator(new PhoneNumber("+15550002222"), new PhoneNumber(NUMBER), app.url("/outbound"))
        .setSendDigits("w1234#").create(sdk());
    phone.nextIncoming(WITHIN).await().accept().await();
    JsonObject dtmf = phone.awaitMessage("dtmf", created.getSid(), WITHIN).await();
    assertEquals("1234#", dtmf.getString("digits"));
    SimCall call = sim.call(created.getSid()).orElseThrow();
    call.awaitEvent("say", WITHIN).await();
    List<String> order = call.events().stream().map(CallEvent::type)
        .filter(t -> t.equals("digits-sent") || t.equals("say")).toList();
    assertEquals(List.of("digits-sent", "say"), order);
    ApiException refused = assertThrows(ApiException.class, () -> Call.creator(new PhoneNumber("+15550002222"),
        new PhoneNumber(NUMBER), app.url("/outbound")).setSendDigits("12x").create(sdk()));
    assertEquals(400, refused.getStatusCode());
  }
}
