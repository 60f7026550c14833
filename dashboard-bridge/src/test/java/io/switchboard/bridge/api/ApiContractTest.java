package io.switchboard.bridge.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.switchboard.bridge.BridgeFixture;
import io.switchboard.common.bus.Addresses;
import io.switchboard.common.bus.Failures;
import io.switchboard.common.contract.AgentNotice;
import io.switchboard.common.contract.AgentStatus;
import io.switchboard.common.contract.AgentView;
import io.switchboard.common.contract.BoardDelta;
import io.switchboard.common.contract.CallStatus;
import io.switchboard.common.contract.CallTimeline;
import io.switchboard.common.contract.CallView;
import io.switchboard.common.contract.CallerHistory;
import io.switchboard.common.contract.ClaimResult;
import io.switchboard.common.contract.HistoryCall;
import io.switchboard.common.contract.HistoryEvent;
import io.switchboard.common.contract.HistoryPage;
import io.switchboard.common.contract.ParkedView;
import io.switchboard.common.contract.RingMode;
import io.switchboard.common.contract.VoicemailList;
import io.switchboard.common.contract.VoicemailView;
import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Path;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The running API and its document ({@code openapi.json}) say the same: every {@code /api} route the bridge serves
 * is an operation of the document and the other way round; every operation, asked validly, answers with a status
 * and a body the document has for it, and asked with a bad parameter, an unknown field, a body that is not JSON or
 * no token, refuses in a way the document has too. The owners behind the event bus answer with the contract's own
 * records, so a record that changes shape without the document fails here; so do the live frames.
 */
@ExtendWith(PgTestDatabase.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ApiContractTest {
  private static final Instant T = Instant.parse("2026-11-21T10:00:00.123456Z");
  private static final CallView CALL = new CallView("CA1", "acme", "+15557770000", "+15550001111", CallStatus.ACTIVE,
      "ann", RingMode.DIAL, List.of("ann", "bob"), List.of("bob"), T, T, T, null, null, null, 3,
      new CallerHistory(2, "CA0", T.minusSeconds(3600), "answered", "bob", 1));
  private static final HistoryCall HISTORY_CALL = new HistoryCall("CA1", "+15557770000", "+15550001111",
      CallStatus.ENDED, T, T, T.plusSeconds(60), "completed", "answered", "ann", 1);
  private static final CallView RINGING = new CallView("CA2", "acme", null, "+15550001111", CallStatus.RINGING, null,
      RingMode.QUEUE, List.of("ann"), List.of(), T, null, null, null, null, 1);
  private static final AgentView AGENT = new AgentView("ann", "acme", "Ann Agent", AgentStatus.WRAP_UP, "CA1", T, 4);
  private static final ParkedView PARKED = new ParkedView("P1", "CA1", "acme", "+15557770000", "ann", "park-CA1", "CF1",
      T, T.plusSeconds(300), 5, "bob", 2);
  private static final VoicemailView VOICEMAIL = new VoicemailView("VM1", "acme", "CA2", "+15557770000", "RE1", 12,
      "please call back", false, T, 6, VoicemailView.EMAILED, 2);
  /** The day's counters as the claim-service's snapshot and stats deltas carry them. */
  private static final JsonObject DAY_STATS = new JsonObject().put("answeredToday", 4L).put("abandonedToday", 1L)
      .put("avgSecondsToAnswer", 6.5).put("avgSecondsParked", null).put("waiting", 1L)
      .put("longestWaitSeconds", 12.25).put("computedAtMs", 1_790_000_000_000L);

  private BridgeFixture bridge;
  private OpenAPIContract contract;
  private ResponseValidator responses;

  @BeforeEach
  void start(TestDatabase db) {
    bridge = BridgeFixture.start(db).seed();
    contract = OpenAPIContract.from(bridge.vertx, ApiContract.forValidator(document())).await();
    responses = ResponseValidator.create(bridge.vertx, contract);
    answer(Addresses.CLAIMS_CLAIM, r -> new ClaimResult(ClaimResult.Outcome.WON, r.getString("callSid"), "ada", 7).toJson());
    answer(Addresses.CLAIMS_DECLINE, r -> RINGING.toJson());
    answer(Addresses.PARKING_PARK, r -> PARKED.toJson());
    answer(Addresses.PARKING_UNPARK, r -> CALL.toJson());
    answer(Addresses.CALLS_HANGUP, r -> CALL.toJson());
    answer(Addresses.PRESENCE_SET_STATUS, r -> AGENT.toJson());
    answer(Addresses.PRESENCE_SIGNED_OUT, r -> new JsonObject());
    answer(Addresses.VOICEMAILS_UPDATE, r -> VOICEMAIL.toJson());
    answer(Addresses.CALLS_HISTORY, r -> new HistoryPage(List.of(HISTORY_CALL), 0, 25, true).toJson());
    answer(Addresses.CALLS_TIMELINE, r -> new CallTimeline(HISTORY_CALL, List.of(
        new HistoryEvent("arrived", T, null, null, null, null, null),
        new HistoryEvent("ring_start", T, null, List.of("ann", "bob"), null, null, null),
        new HistoryEvent("answered", T, "ann", List.of("bob"), null, null, null),
        new HistoryEvent("parked", T, "ann", null, "ann", null, null),
        new HistoryEvent("ended", T.plusSeconds(60), "ann", null, "system", "completed", null))).toJson());
    answer(Addresses.VOICEMAILS_OF_CALL, r -> new VoicemailList(List.of(VOICEMAIL)).toJson());
    answer(Addresses.BOARD_SNAPSHOT_CALLS, r -> new JsonObject()
        .put("calls", new JsonArray().add(CALL.toJson()).add(RINGING.toJson())).put("stats", DAY_STATS));
    answer(Addresses.BOARD_SNAPSHOT_AGENTS, r -> new JsonObject().put("agents", new JsonArray().add(AGENT.toJson())));
    answer(Addresses.BOARD_SNAPSHOT_PARKED, r -> new JsonObject().put("parked", new JsonArray().add(PARKED.toJson())));
    answer(Addresses.BOARD_SNAPSHOT_VOICEMAILS, r -> new JsonObject()
        .put("voicemails", new JsonArray().add(VOICEMAIL.toJson())));
    // The recording itself comes from Twilio (VoicemailAudioTest checks its media type against the document).
    bridge.fake(Addresses.VOICEMAILS_AUDIO, r -> Future.failedFuture(Failures.notFound("no voicemail VM1")));
  }

  @AfterEach
  void stop() {
    bridge.close();
  }

  private void answer(String address, Function<JsonObject, JsonObject> reply) {
    bridge.fake(address, request -> Future.succeededFuture(reply.apply(request)));
  }

  private Buffer document() {
    return bridge.vertx.fileSystem().readFileBlocking(ApiContract.RESOURCE);
  }

  /** A request and the status it must get. */
  private record Ask(HttpMethod method, String path, String token, JsonObject body, int status) {}

  /** One valid request per operation of the document. */
  private Map<String, Ask> validRequests() {
    return Map.ofEntries(
        Map.entry("getOpenApi", new Ask(HttpMethod.GET, "/api/openapi.json", null, null, 200)),
        Map.entry("login", new Ask(HttpMethod.POST, "/api/login", null,
            new JsonObject().put("email", "ann@acme.test").put("password", BridgeFixture.PASSWORD), 200)),
        Map.entry("logout", new Ask(HttpMethod.POST, "/api/logout", bridge.ann(), null, 200)),
        Map.entry("getMe", new Ask(HttpMethod.GET, "/api/me", bridge.ada(), null, 200)),
        Map.entry("getConfig", new Ask(HttpMethod.GET, "/api/config", bridge.ann(), null, 200)),
        Map.entry("getBoard", new Ask(HttpMethod.GET, "/api/board", bridge.ann(), null, 200)),
        Map.entry("setMyStatus", new Ask(HttpMethod.PUT, "/api/agents/me/status", bridge.ann(),
            new JsonObject().put("status", "away"), 200)),
        Map.entry("setAgentStatus", new Ask(HttpMethod.PUT, "/api/agents/bob/status", bridge.ada(),
            new JsonObject().put("status", "available"), 200)),
        Map.entry("claimCall", new Ask(HttpMethod.POST, "/api/calls/CA2/claim", bridge.ada(), null, 200)),
        Map.entry("declineCall", new Ask(HttpMethod.POST, "/api/calls/CA2/decline", bridge.ann(), null, 200)),
        Map.entry("parkCall", new Ask(HttpMethod.POST, "/api/calls/CA1/park", bridge.ann(), new JsonObject(), 200)),
        Map.entry("hangUpCall", new Ask(HttpMethod.POST, "/api/calls/CA1/hangup", bridge.ada(), null, 200)),
        Map.entry("unparkCall", new Ask(HttpMethod.POST, "/api/parked/P1/unpark", bridge.ann(),
            new JsonObject().put("agentId", "bob"), 200)),
        Map.entry("listVoicemails", new Ask(HttpMethod.GET, "/api/voicemails", bridge.ann(), null, 200)),
        Map.entry("searchHistory", new Ask(HttpMethod.GET, "/api/history/calls?number=%2B1555&outcome=parked&limit=5",
            bridge.ann(), null, 200)),
        Map.entry("getCallTimeline", new Ask(HttpMethod.GET, "/api/history/calls/CA1", bridge.ann(), null, 200)),
        Map.entry("updateVoicemail", new Ask(HttpMethod.PUT, "/api/voicemails/VM1", bridge.ada(),
            new JsonObject().put("handled", true), 200)),
        Map.entry("getVoicemailAudio", new Ask(HttpMethod.GET, "/api/voicemails/VM1/audio", bridge.ann(), null, 404)),
        Map.entry("getTwilioToken", new Ask(HttpMethod.GET, "/api/twilio/token", bridge.ann(), null, 200)));
  }

  @Test
  void theDocumentIsServedWithoutATokenAsItIsInTheRepository() {
    var served = bridge.get("/api/openapi.json", null);

    assertEquals(200, served.status());
    assertTrue(served.headers().get("Content-Type").startsWith("application/json"), served.headers().get("Content-Type"));
    assertEquals("nosniff", served.headers().get("X-Content-Type-Options"));
    assertEquals(document().toJsonObject(), served.json());
    assertEquals("3.1.0", served.json().getString("openapi"));
  }

  @Test
  void everyApiRouteTheBridgeServesIsAnOperationOfTheDocumentAndEveryOperationIsServed() {
    Set<String> documented = new TreeSet<>();
    for (Path path : contract.getPaths()) {
      for (Operation operation : path.getOperations()) {
        documented.add(operation.getHttpMethod() + " " + path.getName());
      }
    }
    Set<String> served = new TreeSet<>();
    for (Route route : bridge.router.getRoutes()) {
      // The handlers of every /api path (headers, body limit, authentication) serve no operation of their own.
      if (route.getPath() != null && route.getPath().startsWith("/api/") && route.isExactPath() && route.methods() != null) {
        for (HttpMethod method : route.methods()) {
          served.add(method + " " + route.getPath().replaceAll(":([^/]+)", "{$1}"));
        }
      }
    }

    assertEquals(documented, served);
    assertEquals(19, documented.size(), "the operations the agent API has: " + documented);
  }

  @Test
  void everyOperationAskedValidlyAnswersAsTheDocumentSays() {
    Map<String, Ask> valid = validRequests();
    assertEquals(new TreeSet<>(contract.operations().stream().map(Operation::getOperationId).toList()),
        new TreeSet<>(valid.keySet()), "one valid request per operation of the document");

    for (var entry : new TreeMap<>(valid).entrySet()) {
      Ask ask = entry.getValue();
      var response = bridge.send(ask.method(), ask.path(), ask.token(), ask.body());
      assertEquals(ask.status(), response.status(), entry.getKey() + ": " + response.text());
      assertAsDocumented(entry.getKey(), response);
    }
  }

  @Test
  void everyOperationRefusesABadParameterAnUnknownFieldABodyThatIsNotJsonAndAMissingTokenAsTheDocumentSays() {
    int refusals = 0;
    for (var entry : validRequests().entrySet()) {
      String id = entry.getKey();
      Ask ask = entry.getValue();
      Operation operation = contract.operation(id);
      // Query parameters (the history search's filters) are checked by their handler: CallHistoryApiTest.
      for (var parameter : operation.getParameters().stream().filter(p -> p.getIn() == Location.PATH).toList()) {
        String path = ask.path().replaceFirst("/(me|bob|CA1|CA2|P1|VM1)(/|$)", "/not%20an%20id$2");
        var response = bridge.send(ask.method(), path, ask.token(), ask.body());
        assertRefused(id, response, 400, "'" + parameter.getName() + "' has an invalid character");
        refusals++;
      }
      if (operation.getRequestBody() != null) {
        JsonObject surplus = (ask.body() == null ? new JsonObject() : ask.body().copy()).put("surplus", 1);
        assertRefused(id, bridge.send(ask.method(), ask.path(), ask.token(), surplus), 400, "unknown field 'surplus'");
        assertRefused(id, bridge.call(ask.method(), ask.path(), ask.token(), "text/plain", "x"), 415,
            "the body must be application/json");
        refusals += 2;
      }
      if (!operation.getSecurityRequirements().isEmpty()) {
        var anonymous = bridge.send(ask.method(), ask.path(), null, ask.body());
        assertRefused(id, anonymous, 401, "a bearer token is required");
        refusals++;
      }
    }
    assertEquals(45, refusals, "every refusal above was tried");
  }

  @Test
  void aRefusedRequestIsToldInTheApisOwnWords() {
    String ann = bridge.ann();
    String status = "/api/agents/me/status";
    Map<String, Ask> cases = new LinkedHashMap<>();
    cases.put("'status' must be available or away", new Ask(HttpMethod.PUT, status, ann, json("{\"status\":\"busy\"}"), 400));
    cases.put("'status' must be a string", new Ask(HttpMethod.PUT, status, ann, json("{\"status\":5}"), 400));
    cases.put("'status' is required", new Ask(HttpMethod.PUT, status, ann, json("{\"status\":\" \"}"), 400));
    cases.put("unknown field 'agentId'", new Ask(HttpMethod.PUT, status, ann,
        json("{\"status\":\"away\",\"agentId\":\"bob\"}"), 400));
    cases.put("'handled' must be true or false", new Ask(HttpMethod.PUT, "/api/voicemails/VM1", ann, json("{}"), 400));
    cases.put("'agentId' has an invalid character", new Ask(HttpMethod.POST, "/api/parked/P1/unpark", ann,
        json("{\"agentId\":\"a b\"}"), 400));
    cases.put("'agentId' is too long", new Ask(HttpMethod.POST, "/api/parked/P1/unpark", ann,
        new JsonObject().put("agentId", "a".repeat(129)), 400));
    cases.put("'email' is too long", new Ask(HttpMethod.POST, "/api/login", null,
        new JsonObject().put("email", "a".repeat(1025)).put("password", "x"), 400));
    cases.put("'password' is required", new Ask(HttpMethod.POST, "/api/login", null, json("{\"email\":\"a@b.c\"}"), 400));
    cases.put("'callSid' is too long", new Ask(HttpMethod.POST, "/api/calls/" + "C".repeat(129) + "/claim", ann, null, 400));
    cases.put("'callSid' is required", new Ask(HttpMethod.POST, "/api/calls/%20/claim", ann, null, 400));
    for (var c : cases.entrySet()) {
      Ask ask = c.getValue();
      var response = bridge.send(ask.method(), ask.path(), ask.token(), ask.body());
      assertEquals(new JsonObject().put("error", "BAD_REQUEST").put("message", c.getKey()), response.json(), ask.path());
    }
    var plainNoBody = bridge.call(HttpMethod.PUT, status, ann, "text/plain", null);
    var noBody = bridge.call(HttpMethod.PUT, status, ann, "Application/JSON", null);
    var array = bridge.call(HttpMethod.PUT, status, ann, "application/json", "[1,2]");
    var malformed = bridge.call(HttpMethod.PUT, status, ann, "application/json", "{\"status\":");
    var upperCaseType = bridge.call(HttpMethod.PUT, status, ann, "Application/JSON; charset=UTF-8", "{\"status\":\"away\"}");

    assertEquals(new JsonObject().put("error", "UNSUPPORTED_MEDIA_TYPE").put("message", "the body must be application/json"),
        plainNoBody.json());
    assertEquals(new JsonObject().put("error", "BAD_REQUEST").put("message", "a JSON body is required"), noBody.json());
    assertEquals(new JsonObject().put("error", "BAD_REQUEST").put("message", "the body must be a JSON object"), array.json());
    assertEquals(new JsonObject().put("error", "BAD_REQUEST").put("message", "malformed JSON body"), malformed.json());
    assertEquals(200, upperCaseType.status(), "media types are case-insensitive: " + upperCaseType.text());
  }

  @Test
  void theLiveFramesAreTheDocumentsBoardDeltaAndAgentNotice() {
    List<JsonObject> deltas = List.of(
        BoardDelta.upsert(BoardDelta.Kind.CALL, "CA1", 3, CALL.toJson()).toJson(),
        BoardDelta.upsert(BoardDelta.Kind.AGENT, "ann", 4, AGENT.toJson()).toJson(),
        BoardDelta.upsert(BoardDelta.Kind.PARKED, "P1", 5, PARKED.toJson()).toJson(),
        BoardDelta.upsert(BoardDelta.Kind.VOICEMAIL, "VM1", 6, VOICEMAIL.toJson()).toJson(),
        BoardDelta.remove(BoardDelta.Kind.PARKED, "P1", 7, null).toJson(),
        BoardDelta.upsert(BoardDelta.Kind.STATS, "acme", 1_790_000_000_000L, DAY_STATS).toJson());
    for (JsonObject delta : deltas) {
      assertValid("BoardDelta", delta);
    }
    assertValid("AgentNotice", new AgentNotice(AgentNotice.Type.HAND_OVER_MISSED, "CA1", "Bob did not answer", "bob")
        .toJson());
    JsonObject undocumented = deltas.get(0).copy();
    undocumented.getJsonObject("data").put("queue", "sales");
    assertTrue(!contract.getSchemaRepository().validator(schema("BoardDelta")).validate(undocumented).getValid(),
        "a field the document does not have is caught");
  }

  private static JsonObject json(String text) {
    return new JsonObject(text);
  }

  private static String schema(String name) {
    return "app:///#/components/schemas/" + name;
  }

  private void assertValid(String name, JsonObject value) {
    OutputUnit result = contract.getSchemaRepository().validator(schema(name)).validate(value);
    if (!result.getValid()) {
      fail(name + " " + value.encode() + ": " + result.getErrors().stream().map(e -> e.getInstanceLocation() + " "
          + e.getError()).collect(Collectors.joining("; ")));
    }
  }

  private void assertRefused(String operationId, BridgeFixture.Response response, int status, String message) {
    assertEquals(status, response.status(), operationId + ": " + response.text());
    assertEquals(message, response.json().getString("message"), operationId);
    assertAsDocumented(operationId, response);
  }

  /** The response's status is one the operation documents, and its body fits that response's schema. */
  private void assertAsDocumented(String operationId, BridgeFixture.Response response) {
    String type = response.headers().get("Content-Type");
    String mediaType = type == null ? null : type.split(";", 2)[0].trim();
    Map<String, String> headers = new HashMap<>();
    response.headers().forEach(headers::put);
    ValidatableResponse actual = ValidatableResponse.create(response.status(), headers,
        response.body().length() == 0 ? null : response.body(), mediaType);
    try {
      responses.validate(actual, operationId).await();
    } catch (RuntimeException e) {
      fail(operationId + " answered " + response.status() + " " + mediaType + " " + response.text()
          + ", which the document does not allow: " + e.getMessage());
    }
  }
}
