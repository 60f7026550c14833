package io.switchboard.common.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class FailuresTest {

  @Test
  void everyCodeMapsToItsOwnHttpStatus() {
    for (FailureCode code : FailureCode.values()) {
      ReplyException failure = Failures.of(code, "because");
      assertEquals(code.status(), failure.failureCode());
      assertEquals(code, Failures.code(failure));
      assertEquals(code.name(), Failures.body(failure).getString("error"));
      assertEquals("because", Failures.body(failure).getString("message"));
    }
  }

  @Test
  void detailsTravelInTheBodyButCannotOverrideTheCode() {
    ReplyException failure = Failures.conflict("already answered",
        new JsonObject().put("winner", "agent-7").put("error", "FORGED"));
    JsonObject body = Failures.body(failure);
    assertEquals("CONFLICT", body.getString("error"));
    assertEquals("agent-7", body.getString("winner"));
  }

  @Test
  void deliveryFailuresAreUnavailable() {
    assertEquals(FailureCode.UNAVAILABLE,
        Failures.code(new ReplyException(ReplyFailure.NO_HANDLERS, "No handlers for address x")));
    assertEquals(FailureCode.UNAVAILABLE,
        Failures.code(new ReplyException(ReplyFailure.TIMEOUT, "Timed out")));
  }

  @Test
  void aLostDatabaseIsUnavailableButABadQueryIsNotGuessedAsSomethingElse() {
    assertEquals(FailureCode.UNAVAILABLE, Failures.code(new ConnectException("Connection refused")));
    assertEquals(true, Failures.isDatabaseUnavailable(new PgException("gone", "FATAL", "57P01", "terminating")));
    assertEquals(false, Failures.isDatabaseUnavailable(new PgException("dup", "ERROR", "23505", "duplicate")));
  }

  @Test
  void aForeignRecipientFailureWithAnUnknownCodeIsUnavailable() {
    ReplyException foreign = new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 418, "teapot");
    assertEquals(FailureCode.UNAVAILABLE, Failures.code(foreign));
  }

  @Test
  void malformedRequestsAreBadRequests() {
    assertEquals(FailureCode.BAD_REQUEST, Failures.code(new IllegalArgumentException("no")));
  }
}
