package io.switchboard.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.common.bus.Addresses;
import io.switchboard.common.bus.Bus;
import io.switchboard.common.bus.FailureCode;
import io.switchboard.common.bus.Failures;
import io.switchboard.common.contract.QuietCallsRequest;
import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code calls.quiet}: the live calls nothing was heard of for a while, taken for a check at Twilio
 * (the reconciler in the voice-webhook). Taking a call marks it checked, so a second reconciler, or
 * the next pass, does not take it again before another quiet period.
 */
@ExtendWith(PgTestDatabase.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class QuietCallsTest {
  private static final String ORG = "org-quiet";
  private static Vertx vertx;
  private static Pool pool;
  private static ClaimServiceClient client;

  @BeforeAll
  static void start(TestDatabase db) {
    RunningClaimService running = RunningClaimService.start(db);
    vertx = running.vertx();
    pool = running.pool();
    client = running.client();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private static void quietFor(String callSid, int minutes) {
    pool.preparedQuery("UPDATE claims.calls SET created_at = now() - $2::int * interval '1 minute',"
        + " ringing_since = now() - $2::int * interval '1 minute' WHERE call_sid = $1")
        .execute(Tuple.of(callSid, minutes)).await();
  }

  private static List<String> take(long quietForMs, int limit) {
    JsonObject reply = Bus.request(vertx.eventBus(), Addresses.CALLS_QUIET,
        new QuietCallsRequest(quietForMs, limit).toJson()).await();
    return reply.getJsonArray("calls").stream().map(o -> ((JsonObject) o).getString("callSid")).sorted().toList();
  }

  @Test
  void quietLiveCallsAreTakenOnceAndMarkedCheckedEndedAndRecentOnesAreNot() {
    for (String sid : List.of("CA-q1", "CA-q2", "CA-q3", "CA-recent", "CA-over")) {
      client.create(sid, ORG, "alice").await();
    }
    for (String sid : List.of("CA-q1", "CA-q2", "CA-q3", "CA-over")) {
      quietFor(sid, 10);
    }
    pool.preparedQuery("UPDATE claims.calls SET status = 'ended', ended_at = now() WHERE call_sid = 'CA-over'")
        .execute().await();

    List<String> first = take(60_000, 2);
    List<String> second = take(60_000, 10);

    assertEquals(2, first.size(), "bounded by the limit");
    assertEquals(1, second.size());
    assertEquals(List.of("CA-q1", "CA-q2", "CA-q3"),
        Stream.concat(first.stream(), second.stream()).sorted().toList(),
        "each quiet live call exactly once; not the recent one, not the ended one");
    assertEquals(List.of(), take(60_000, 10), "checked calls are quiet again only after another period");
    assertEquals(3L, pool.query("SELECT count(*) FROM claims.calls WHERE twilio_checked_at IS NOT NULL").execute()
        .await().iterator().next().getLong(0));
    assertEquals(List.of("CA-q1", "CA-q2", "CA-q3", "CA-recent"), take(0, 10), "with no quiet time, every live call");
  }

  @Test
  void aBadRequestIs400() {
    for (JsonObject bad : List.of(new JsonObject().put("quietForMs", 1000), new JsonObject().put("limit", 5),
        new JsonObject().put("quietForMs", 1000).put("limit", 100_000),
        new JsonObject().put("quietForMs", "soon").put("limit", 5))) {
      Future<JsonObject> reply = Bus.request(vertx.eventBus(), Addresses.CALLS_QUIET, bad);
      reply.transform(ar -> Future.succeededFuture()).await();
      assertTrue(reply.failed(), bad.encode());
      assertEquals(FailureCode.BAD_REQUEST, Failures.code(reply.cause()), bad.encode());
    }
  }
}
