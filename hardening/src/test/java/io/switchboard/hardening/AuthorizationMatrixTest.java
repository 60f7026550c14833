package io.switchboard.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.common.bus.Addresses;
import io.switchboard.common.bus.Bus;
import io.switchboard.common.contract.CreateCall;
import io.switchboard.common.contract.RingMode;
import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.TestConfigs;
import io.switchboard.common.testing.TestDatabase;
import io.switchboard.common.twilio.TwilioPaths;
import io.switchboard.sim.IncomingCall;
import io.switchboard.sim.SimCall;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every API endpoint and bridge address against every kind of intruder: no token, an expired
 * token, forged tokens, an agent of another org, an agent acting as another agent, an agent acting
 * as an admin. Org A's real resources (a ringing call, a live call, a parked call, a voicemail)
 * are the targets. Each (endpoint, intruder) is one cell; a cell passes on the right 401/403 (or,
 * for reads of one's own org, on an answer with nothing of org A in it). Another org's call or parked
 * call must be answered exactly like one that does not exist (the same 404 and body), so an outsider
 * cannot tell whether a CallSid exists, and no answer carries Twilio's account SID.
 */
@ExtendWith(PgTestDatabase.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class AuthorizationMatrixTest {
  Stack stack;
  Agent agentA1;
  String tokenA2;
  String adminA;
  String tokenB;
  String adminB;
  String ringingCall;
  String liveCall;
  String parkedId;
  String voicemailId;
  final Map<String, String> intruders = new LinkedHashMap<>();
  final List<String> failures = new ArrayList<>();
  int cells;

  @BeforeAll
  void start(TestDatabase db) {
    stack = Stack.start(TestConfigs.values(db.url()), db.url(), 0.05, 3);
    var a = stack.orgs.agentsA();
    agentA1 = Agent.signIn(stack, a.get(0));
    parkedId = stack.api.json(HttpMethod.POST, "/api/calls/" + answeredCall() + "/park", agentA1.token, null).await()
        .json().getString("parkedId");
    liveCall = answeredCall();
    tokenA2 = stack.api.login(a.get(1));
    adminA = stack.api.login(stack.orgs.adminA());
    tokenB = stack.api.login(stack.orgs.agentsB().get(0));
    adminB = stack.api.login(stack.orgs.adminB());
    ringingCall = "CA" + "a".repeat(32);
    Bus.request(stack.process.vertx().eventBus(), Addresses.CALLS_CREATE, new CreateCall(ringingCall, Seed.ORG_A,
        "+15554440000", Seed.NUMBER_A, RingMode.DIAL, List.of(a.get(2).id())).toJson()).await();
    voicemailId = leaveVoicemail();
    mintIntruders();
  }

  @AfterAll
  void stop() {
    stack.close();
  }

  /** A caller rings agent A1 alone, who answers; the caller's CallSid. */
  String answeredCall() {
    SimCall caller = stack.sim.inboundCall("+15554441111", Seed.NUMBER_A).await();
    IncomingCall ring = agentA1.device.nextIncoming(Duration.ofSeconds(10)).await();
    String callSid = ring.parameters().get("callSid");
    assertEquals(caller.sid(), callSid);
    assertEquals(200, agentA1.claim(callSid).await().status());
    ring.accept().await();
    agentA1.device.awaitMessage("connected", ring.callSid(), Duration.ofSeconds(10)).await();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (stack.count("SELECT count(*) FROM claims.calls WHERE status = 'active' AND connected_at IS NOT NULL"
        + " AND call_sid = '" + callSid + "'") == 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    return callSid;
  }

  String leaveVoicemail() {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("CallSid", "CA" + "b".repeat(32));
    params.put("From", "+15554442222");
    params.put("To", Seed.NUMBER_A);
    params.put("RecordingSid", "RE" + "c".repeat(32));
    params.put("RecordingUrl", "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/x");
    params.put("RecordingDuration", "4");
    String path = TwilioPaths.VOICEMAIL + "?org=" + Seed.ORG_A;
    assertEquals(200, TwilioSigner.post(stack.api, path, params,
        TwilioSigner.sign(TestConfigs.AUTH_TOKEN, stack.config.publicUrl(path), params), Map.of()).status());
    return stack.api.get("/api/voicemails", adminA).json().getJsonArray("voicemails").getJsonObject(0)
        .getString("voicemailId");
  }

  static String jwt(String secret, String issuer, JsonObject claims) {
    JWTAuth auth = JWTAuth.create(Vertx.vertx(), new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
    return auth.generateToken(claims, new JWTOptions().setAlgorithm("HS256").setIssuer(issuer));
  }

  void mintIntruders() {
    long now = Instant.now().getEpochSecond();
    // A session id like a login's, so each intruder is refused for the flaw its name says.
    JsonObject agent = new JsonObject().put("sub", "acme-agent-1").put("org", Seed.ORG_A).put("role", "agent")
        .put("name", "x").put("sid", UUID.randomUUID().toString());
    JsonObject admin = agent.copy().put("role", "admin").put("exp", now + 3600);
    var b64 = Base64.getUrlEncoder().withoutPadding();
    String[] real = tokenA2.split("\\.");
    intruders.put("no token", null);
    intruders.put("expired token", jwt(TestConfigs.JWT_SECRET, "switchboard", agent.copy().put("exp", now - 120)));
    intruders.put("forged: other secret", jwt("another-secret-that-is-long-enough-0123456789", "switchboard", admin));
    intruders.put("forged: alg none", b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes())
        + "." + b64.encodeToString(admin.encode().getBytes()) + ".");
    intruders.put("forged: payload swapped", real[0] + "." + b64.encodeToString(admin.encode().getBytes()) + "." + real[2]);
    intruders.put("forged: role system", jwt(TestConfigs.JWT_SECRET, "switchboard", admin.copy().put("role", "system")));
    intruders.put("forged: other issuer", jwt(TestConfigs.JWT_SECRET, "evil", admin));
  }

  record Endpoint(HttpMethod method, String path, JsonObject body) {}

  List<Endpoint> endpoints() {
    return List.of(
        new Endpoint(HttpMethod.GET, "/api/me", null), new Endpoint(HttpMethod.GET, "/api/config", null),
        new Endpoint(HttpMethod.GET, "/api/board", null),
        new Endpoint(HttpMethod.PUT, "/api/agents/me/status", new JsonObject().put("status", "away")),
        new Endpoint(HttpMethod.PUT, "/api/agents/acme-agent-2/status", new JsonObject().put("status", "away")),
        new Endpoint(HttpMethod.POST, "/api/calls/" + ringingCall + "/claim", null),
        new Endpoint(HttpMethod.POST, "/api/calls/" + ringingCall + "/decline", null),
        new Endpoint(HttpMethod.POST, "/api/calls/" + liveCall + "/park", null),
        new Endpoint(HttpMethod.POST, "/api/parked/" + parkedId + "/unpark", new JsonObject().put("agentId", "acme-agent-2")),
        new Endpoint(HttpMethod.GET, "/api/voicemails", null),
        new Endpoint(HttpMethod.PUT, "/api/voicemails/" + voicemailId, new JsonObject().put("handled", true)),
        new Endpoint(HttpMethod.GET, "/api/voicemails/" + voicemailId + "/audio", null),
        new Endpoint(HttpMethod.GET, "/api/twilio/token", null),
        new Endpoint(HttpMethod.POST, "/api/calls/" + liveCall + "/hangup", null),
        new Endpoint(HttpMethod.GET, "/api/history/calls", null),
        new Endpoint(HttpMethod.GET, "/api/history/calls/" + liveCall, null));
  }

  /** Org A's call (or parked call) and an unknown one must get the very same 404 answer. */
  void sameAsUnknownCell(String who, Endpoint e, String token) {
    cells++;
    String unknownPath = e.path().replace(ringingCall, "CA" + "f".repeat(32)).replace(liveCall, "CA" + "f".repeat(32))
        .replace(parkedId, UUID.randomUUID().toString());
    Api.Reply reply = stack.api.json(e.method(), e.path(), token, e.body()).await();
    Api.Reply unknown = stack.api.json(e.method(), unknownPath, token, e.body()).await();
    if (reply.status() != 404 || !reply.isErrorShape() || !reply.json().equals(unknown.json())
        || unknown.status() != 404 || reply.body().contains(TestConfigs.ACCOUNT_SID)
        || unknown.body().contains(TestConfigs.ACCOUNT_SID)) {
      failures.add(who + " " + e.method() + " " + e.path() + ": " + reply.status() + " " + reply.body()
          + " vs unknown " + unknown.status() + " " + unknown.body());
    }
  }

  void cell(String who, Endpoint e, String token, Set<Integer> expected) {
    cells++;
    Api.Reply reply = stack.api.json(e.method(), e.path(), token, e.body()).await();
    if (!expected.contains(reply.status()) || !reply.isErrorShape()) {
      failures.add(who + " " + e.method() + " " + e.path() + ": " + reply.status() + " " + reply.body());
    }
  }

  /** A read of one's own org: allowed, but nothing of org A may be in it. */
  void readCell(String who, String path, String token) {
    cells++;
    Api.Reply reply = stack.api.get(path, token);
    if (reply.status() != 200 || reply.body().contains(Seed.ORG_A) || reply.body().contains(Seed.NUMBER_A)) {
      failures.add(who + " GET " + path + ": " + reply.status() + " shows org A: " + reply.body());
    }
  }

  @Test
  void everyEndpointRefusesEveryIntruder() {
    for (Endpoint e : endpoints()) {
      intruders.forEach((who, token) -> cell(who, e, token, Set.of(401)));
    }
    Endpoint hangup = new Endpoint(HttpMethod.POST, "/api/calls/" + liveCall + "/hangup", null);
    // Another org's call answers exactly like an unknown one, to its agents and its admins alike.
    sameAsUnknownCell("other org's agent", hangup, tokenB);
    sameAsUnknownCell("other org's admin", hangup, adminB);
    cell("agent as another agent", hangup, tokenA2, Set.of(403));
    String unparkToMine = "/api/parked/" + parkedId + "/unpark";
    for (Map.Entry<String, String> b : Map.of("other org's agent", tokenB, "other org's admin", adminB).entrySet()) {
      String who = b.getKey();
      String token = b.getValue();
      for (Endpoint e : endpoints().subList(4, 12)) {
        if (e.path().startsWith("/api/calls/")) {
          sameAsUnknownCell(who, e, token);
        } else if (e.method() != HttpMethod.GET || e.path().endsWith("/audio")) {
          // A voicemail of another org is not even found by id (404): nothing to probe.
          cell(who, e, token, e.path().endsWith("/audio") ? Set.of(403, 404) : Set.of(403));
        }
      }
      // To its own org's agent, so only the parked call is foreign: as if it did not exist.
      sameAsUnknownCell(who, new Endpoint(HttpMethod.POST, unparkToMine, new JsonObject().put("agentId", "globex-agent-1")),
          token);
      for (String path : List.of("/api/board", "/api/voicemails", "/api/config", "/api/me", "/api/history/calls",
          "/api/history/calls?number=" + Seed.NUMBER_A.substring(1))) {
        readCell(who, path, token);
      }
      // Another org's call's timeline answers exactly like an unknown call's.
      sameAsUnknownCell(who, new Endpoint(HttpMethod.GET, "/api/history/calls/" + liveCall, null), token);
    }
    String who = "agent as another agent";
    cell(who, new Endpoint(HttpMethod.POST, "/api/calls/" + ringingCall + "/claim", null), tokenA2, Set.of(403));
    cell(who, new Endpoint(HttpMethod.POST, "/api/calls/" + ringingCall + "/decline", null), tokenA2, Set.of(403));
    cell(who, new Endpoint(HttpMethod.POST, "/api/calls/" + liveCall + "/park", null), tokenA2, Set.of(403));
    cell(who, new Endpoint(HttpMethod.PUT, "/api/agents/acme-agent-1/status", new JsonObject().put("status", "away")),
        tokenA2, Set.of(403));
    cell("agent as admin", new Endpoint(HttpMethod.PUT, "/api/agents/acme-agent-3/status",
        new JsonObject().put("status", "away")), tokenA2, Set.of(403));
    cell("agent of org A sending a call to org B", new Endpoint(HttpMethod.POST, unparkToMine,
        new JsonObject().put("agentId", "globex-agent-1")), tokenA2, Set.of(403));

    // Controls: the same requests by the rightful user succeed, so the refusals above are not blanket failures.
    assertEquals(200, stack.api.json(HttpMethod.PUT, "/api/agents/acme-agent-2/status", adminA,
        new JsonObject().put("status", "away")).await().status());
    assertEquals(200, stack.api.json(HttpMethod.PUT, "/api/voicemails/" + voicemailId, tokenA2,
        new JsonObject().put("handled", true)).await().status());
    assertEquals(200, stack.api.get("/api/history/calls/" + liveCall, tokenA2).status(),
        "every agent of org A reads its org's call history");
    assertTrue(stack.api.get("/api/history/calls", tokenA2).body().contains(liveCall));
    assertEquals("active", stack.api.get("/api/board", adminA).json().getJsonArray("calls").stream()
        .map(o -> (JsonObject) o).filter(c -> liveCall.equals(c.getString("callSid"))).findFirst().orElseThrow()
        .getString("status"), "the live call is untouched");

    System.out.printf("HARDENING authz http: cells=%d passed=%d%n", cells, cells - failures.size());
    assertEquals(List.of(), failures);
  }

  @Test
  void noSocketOutsideOrgAEverReceivesAByteOfItsBoard() throws Exception {
    List<String> problems = new ArrayList<>();
    int socketCells = 0;
    List<TransportSocket> intruding = new ArrayList<>();
    Map<String, String> registerAs = new LinkedHashMap<>(intruders);
    registerAs.put("other org's agent", tokenB);
    registerAs.put("other org's admin", adminB);
    // Every way into the bridge: the raw WebSocket and each SockJS transport a browser may fall back to.
    for (String transport : TransportSocket.transports()) {
      for (Map.Entry<String, String> who : registerAs.entrySet()) {
        TransportSocket socket;
        try {
          socket = TransportSocket.open(stack.outside, stack.port(), transport, who.getValue()).await();
        } catch (Exception refused) {
          socketCells += 2; // the connection itself was refused: neither address can be registered
          continue;
        }
        intruding.add(socket);
        for (String address : List.of(Addresses.board(Seed.ORG_A), Addresses.agent("acme-agent-1"))) {
          socketCells++;
          socket.register(address, who.getValue()).await();
        }
      }
      // Org A's own agent 2 names agent 1's address, or org A's board with org B's token.
      TransportSocket a2 = TransportSocket.open(stack.outside, stack.port(), transport, tokenA2).await();
      intruding.add(a2);
      a2.register(Addresses.agent("acme-agent-1"), tokenA2).await();
      a2.register(Addresses.board(Seed.ORG_A), tokenB).await();
      a2.register("calls.changed", tokenA2).await();
      a2.sendRaw(new JsonObject().put("type", "send").put("address", Addresses.CLAIMS_CLAIM)
          .put("body", new JsonObject()).put("headers", new JsonObject().put("token", tokenA2)).encode()).await();
      socketCells += 4;
    }

    // Org A's board moves: its own socket sees it, no intruder does.
    int before = agentA1.socket().messagesFor(Addresses.board(Seed.ORG_A)).size();
    for (String sid : List.of("CA" + "d".repeat(32), "CA" + "e".repeat(32))) {
      Bus.request(stack.process.vertx().eventBus(), Addresses.CALLS_CREATE, new CreateCall(sid, Seed.ORG_A,
          "+15554443333", Seed.NUMBER_A, RingMode.DIAL, List.of("acme-agent-3")).toJson()).await();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (agentA1.socket().messagesFor(Addresses.board(Seed.ORG_A)).size() < before + 2 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(agentA1.socket().messagesFor(Addresses.board(Seed.ORG_A)).size() >= before + 2, "org A's socket sees its board");
    Thread.sleep(300); // any stray delivery to an intruder would have arrived with org A's own
    long leakedBytes = 0;
    for (TransportSocket s : intruding) {
      for (var m : s.messages()) {
        problems.add("intruder on " + s.transport + " received " + m.getString("address"));
        leakedBytes += m.encode().length();
      }
    }
    System.out.printf("HARDENING authz bridge: transports=%s cells=%d passed=%d bytesLeaked=%d%n",
        TransportSocket.transports(), socketCells, socketCells - problems.size(), leakedBytes);
    assertEquals(List.of(), problems);
    intruding.forEach(s -> s.close().await());
  }

  @AfterAll
  static void printStalls() {
  }
}
