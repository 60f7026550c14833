package io.switchboard.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.common.config.SwitchboardConfig;
import io.switchboard.common.service.ServiceContext;
import io.switchboard.common.testing.TestConfigs;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TelephonySimModuleTest {

  @Test
  void theModuleServesTheSimulatorOnItsOwnPortWithoutADatabase() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    SwitchboardConfig config = TestConfigs.config("postgresql://postgres@127.0.0.1:1/none",
        Map.of("SIM_PORT", Integer.toString(port), "SIM_TIME_SCALE", "0.01",
            "SIM_WEBHOOK_URL", "http://127.0.0.1:1/twilio/voice"));
    SimOptions options = SimOptions.from(config);
    assertEquals(URI.create("http://127.0.0.1:1/twilio/call-status"), options.statusCallbackUrl());
    Vertx vertx = Vertx.vertx();
    try {
      new TelephonySimModule().deploy(new ServiceContext(vertx, config, null, Router.router(vertx))).await();
      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/2010-04-01/Accounts/" + TestConfigs.ACCOUNT_SID + "/Calls.json"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(401, response.statusCode());
    } finally {
      vertx.close().await();
    }
  }
}
