package io.switchboard.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.common.testing.TestConfigs;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Outbound calls from a browser device through its TwiML application (the Voice SDK's connect). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DeviceConnectTest extends SimTestBase {

  @Test
  void aDeviceConnectsThroughItsApplicationWhichDialsANumberWithTheOrgsCallerId() {
    sim.application(TestConfigs.TWIML_APP_SID).voiceUrl(app.url("/outbound-app"));
    app.on("/outbound-app", hit -> new TestApp.Reply(200, response("<Dial callerId=\"" + NUMBER + "\"><Number>"
        + hit.param("To") + "</Number></Dial>")));
    SimDevice ann = sim.device("ann").application(TestConfigs.TWIML_APP_SID);
    SimDevice phone = sim.phone("+15550003333");

    SimCall call = ann.connect(Map.of("To", "+15550003333", "agent", "ann")).await();
    TestApp.Hit request = app.await("/outbound-app", WITHIN);
    assertEquals("client:ann", request.param("From"));
    assertEquals("+15550003333", request.param("To"));
    assertEquals(TestConfigs.TWIML_APP_SID, request.param("ApplicationSid"));
    assertEquals("ann", request.param("agent"));
    assertEquals("inbound", request.param("Direction"));
    assertEquals(call.sid(), ann.awaitMessage("connected", call.sid(), WITHIN).await().getString("callSid"));

    IncomingCall ring = phone.nextIncoming(WITHIN).await();
    assertEquals(NUMBER, ring.from(), "the caller ID the application chose");
    ring.accept().await();
    call.awaitEvent("dial-connected", WITHIN).await();
    ann.sendDigits("1").await();
    assertEquals("1", phone.awaitMessage("dtmf", ring.callSid(), WITHIN).await().getString("digits"));
    assertThrows(IllegalStateException.class, () -> ann.connect(Map.of("To", "+15550004444")).await(),
        "a device on a call cannot place another");

    ann.hangUp().await();
    phone.awaitMessage("disconnected", ring.callSid(), WITHIN).await();
    call.awaitEnd(WITHIN).await();
    assertEquals("completed", call.status());
    assertTrue(ann.messages().stream().anyMatch(m -> "disconnected".equals(m.getString("type"))));
    assertAllSigned();
  }

  @Test
  void anApplicationNobodyConfiguredUsesTheSimulatorsVoiceUrl() {
    app.twiml("/voice", response("<Say>Hello agent</Say>"));
    SimCall call = sim.device("ben").connect(Map.of()).await();
    call.awaitEnd(WITHIN).await();
    assertEquals("client:ben", app.await("/voice", WITHIN).param("From"));
    assertEquals(List.of("Hello agent"), call.heard());
  }
}
