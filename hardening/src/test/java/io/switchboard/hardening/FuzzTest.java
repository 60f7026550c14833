package io.switchboard.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.common.bus.Addresses;
import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.TestConfigs;
import io.switchboard.common.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Ten thousand seeded malformed requests over every route (API, webhooks, health, metrics, UI,
 * SockJS) and hostile frames over the event-bus bridge's raw WebSocket and each SockJS transport: never a 5xx, every 4xx in the
 * JSON error shape, injected SQL never executed, injected script never served as HTML, and the
 * process healthy throughout. {@code -Dhardening.fuzz.seed=N} replays another sequence.
 */
@ExtendWith(PgTestDatabase.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FuzzTest {
  static final long SEED = Long.getLong("hardening.fuzz.seed", 20_240_601L);
  static final int REQUESTS = Integer.getInteger("hardening.fuzz.requests", 10_000);
  static final int IN_FLIGHT = 16;
  /** Hostile sockets per way into the bridge (raw WebSocket and each SockJS transport). */
  static final int SOCKETS_PER_TRANSPORT = 4;
  Stack stack;

  @BeforeAll
  void start(TestDatabase db) {
    stack = Stack.start(TestConfigs.values(db.url()), db.url(), 0.05, 2);
  }

  @AfterAll
  void stop() {
    stack.close();
  }

  final ConcurrentSkipListSet<String> slowest = new ConcurrentSkipListSet<>(
      Comparator.comparingLong((String x) -> Long.parseLong(x.substring(0, x.indexOf("ms")))).thenComparing(x -> x));

  record Outcome(Fuzzer.Request request, Api.Reply reply, Throwable failure) {}

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void tenThousandMalformedRequestsNeverBreakAnything() throws Exception {
    String agentToken = stack.api.login(stack.orgs.agentsA().get(0));
    String adminToken = stack.api.login(stack.orgs.adminA());
    long users = stack.count("SELECT count(*) FROM directory.users");
    long tables = stack.count("SELECT count(*) FROM information_schema.tables WHERE table_schema IN"
        + " ('claims','voice','parking','presence','directory')");
    Fuzzer fuzzer = new Fuzzer(SEED, Map.of("agent", agentToken, "admin", adminToken), stack.config.maxBodyBytes());

    Map<String, AtomicInteger> byStatus = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> byKind = new ConcurrentHashMap<>();
    List<String> problems = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger jsonReflections = new AtomicInteger();
    int sent = 0;
    List<Future<Outcome>> window = new ArrayList<>();
    while (sent < REQUESTS) {
      Fuzzer.Request r = fuzzer.next();
      sent++;
      byKind.computeIfAbsent(r.kind(), k -> new AtomicInteger()).incrementAndGet();
      window.add(stack.api.send(r.method(), r.uri(), r.headers(), r.body())
          .map(reply -> new Outcome(r, reply, null))
          .otherwise(t -> new Outcome(r, null, t)));
      if (window.size() >= IN_FLIGHT) {
        for (Future<Outcome> f : window) {
          check(f.await(), byStatus, problems, jsonReflections);
        }
        window.clear();
      }
      if (sent % 2_000 == 0) {
        System.out.printf("HARDENING fuzz progress: sent=%d slowest=%s%n", sent, slowest);
        assertEquals(200, stack.api.get("/health/live", null).status(), "alive after " + sent);
      }
    }
    for (Future<Outcome> f : window) {
      check(f.await(), byStatus, problems, jsonReflections);
    }

    Map<String, Integer> statuses = new TreeMap<>();
    byStatus.forEach((k, v) -> statuses.put(k, v.get()));
    Map<String, Integer> kinds = new TreeMap<>();
    byKind.forEach((k, v) -> kinds.put(k, v.get()));
    long fiveHundreds = statuses.entrySet().stream().filter(e -> e.getKey().startsWith("5")).mapToLong(Map.Entry::getValue).sum();
    System.out.printf("HARDENING fuzz: seed=%d sent=%d byStatus=%s 5xx=%d problems=%d jsonReflectionsOfInjected=%d%n",
        SEED, sent, statuses, fiveHundreds, problems.size(), jsonReflections.get());
    System.out.printf("HARDENING fuzz kinds: %s%n", kinds);
    problems.stream().sorted(Comparator.comparing((String p) -> !p.contains("no answer")))
        .limit(20).forEach(p -> System.out.println("HARDENING fuzz problem: " + p));

    assertEquals(200, stack.api.get("/health/ready", null).status(), "healthy after the fuzz");
    assertEquals(users, stack.count("SELECT count(*) FROM directory.users"), "no injected SQL ran");
    assertEquals(tables, stack.count("SELECT count(*) FROM information_schema.tables WHERE table_schema IN"
        + " ('claims','voice','parking','presence','directory')"), "no table dropped");
    assertEquals(List.of(), problems.stream().limit(20).toList());
    assertEquals(0, fiveHundreds);
    assertTrue(statuses.containsKey("413"), "bodies over the limit were refused with 413");
  }

  /** Any 5xx, a 4xx outside the error shape, or injected script served as a page is a problem. */
  void check(Outcome outcome, Map<String, AtomicInteger> byStatus, List<String> problems, AtomicInteger jsonReflections) {
    Outcome o = outcome;
    String what = o.request().kind() + " " + o.request().method() + " " + abbreviate(o.request().uri());
    if (o.failure() != null) {
      byStatus.computeIfAbsent("no answer", k -> new AtomicInteger()).incrementAndGet();
      problems.add(what + ": no answer: " + o.failure());
      return;
    }
    Api.Reply reply = o.reply();
    slowest.add(reply.millis() + "ms " + reply.status() + " " + what);
    if (slowest.size() > 8) {
      slowest.pollFirst();
    }
    byStatus.computeIfAbsent(Integer.toString(reply.status()), k -> new AtomicInteger()).incrementAndGet();
    if (reply.status() >= 500) {
      problems.add(what + ": " + reply.status() + " " + abbreviate(reply.body()));
    } else if (reply.status() >= 400 && o.request().uri().startsWith("/eventbus/") && !reply.isErrorShape()) {
      // SockJS's own transport answers (unknown session, not a WebSocket upgrade): the protocol's, not ours.
      byStatus.computeIfAbsent("sockjs-protocol-" + reply.status(), k -> new AtomicInteger()).incrementAndGet();
    } else if (reply.status() >= 400 && !"HEAD".equals(o.request().method().name()) && !reply.isErrorShape()) {
      problems.add(what + ": " + reply.status() + " not the error shape: " + reply.contentType() + " "
          + abbreviate(reply.body()));
    }
    if (reply.body().contains("sbxss")) {
      if (reply.contentType().startsWith("text/html")) {
        problems.add(what + ": injected script served as HTML");
      } else {
        jsonReflections.incrementAndGet();
        if (!"nosniff".equals(reply.headers().get("X-Content-Type-Options"))) {
          problems.add(what + ": reflected without X-Content-Type-Options: nosniff (" + reply.contentType() + ")");
        }
      }
    }
  }

  static String abbreviate(String s) {
    return s.length() > 160 ? s.substring(0, 160) + "..." : s;
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void hostileFramesOnTheEventBusSocketGetNothingAndBreakNothing() throws InterruptedException {
    String tokenA = stack.api.login(stack.orgs.agentsA().get(1));
    String tokenB = stack.api.login(stack.orgs.agentsB().get(0));
    Fuzzer fuzzer = new Fuzzer(SEED + 1, Map.of("agent", tokenA, "admin", tokenA), stack.config.maxBodyBytes());
    TransportSocket orgB = TransportSocket.open(stack.outside, stack.port(), TransportSocket.RAW, tokenB).await().keepAlive();
    orgB.register(Addresses.board(Seed.ORG_B), tokenB).await();
    int frames = 0;
    List<TransportSocket> sockets = new ArrayList<>();
    Map<String, Integer> malformedAnswers = new TreeMap<>();
    List<String> closedByHostileFrames = new ArrayList<>();
    // Over every way in: the raw WebSocket and each SockJS transport a browser may fall back to.
    for (String transport : TransportSocket.transports()) {
      for (int s = 0; s < SOCKETS_PER_TRANSPORT; s++) {
        // Pinging, so only the frames could make the bridge close it before the oversized one.
        TransportSocket socket = TransportSocket.open(stack.outside, stack.port(), transport, tokenA).await().keepAlive();
        sockets.add(socket);
        for (int i = 0; i < 100; i++) {
          socket.sendRaw(fuzzer.frame(tokenA)).await();
          frames++;
        }
        if (socket.isClosed()) {
          closedByHostileFrames.add(transport + " socket " + s + ": " + socket.closeReason());
        }
        int status = socket.sendMalformed().await();
        malformedAnswers.merge(transport + ":" + status, 1, Integer::sum);
        // over the WebSocket frame limit and the 64 KB body limit: the server may close it
        socket.sendRaw("x".repeat(70_000)).await();
        frames += 2;
      }
    }
    // Something happens on org B's board: none of org A's sockets may see it.
    stack.api.json(HttpMethod.PUT, "/api/agents/me/status", tokenB,
        new JsonObject().put("status", "away")).await();
    stack.api.json(HttpMethod.PUT, "/api/agents/me/status", tokenB,
        new JsonObject().put("status", "available")).await();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (orgB.messagesFor(Addresses.board(Seed.ORG_B)).size() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(orgB.messagesFor(Addresses.board(Seed.ORG_B)).size() >= 2, "org B's own socket saw its board: " + orgB.frames);
    long leaked = sockets.stream().mapToLong(s -> s.messages().size()).sum();
    long denied = sockets.stream().mapToLong(s -> s.frames.stream().filter(f -> f.contains("access_denied")).count()).sum();
    System.out.printf("HARDENING fuzz bridge: transports=%s sockets=%d frames=%d messagesReceivedByOrgA=%d"
        + " accessDenied=%d malformedEnvelopeAnswers=%s%n", TransportSocket.transports(), sockets.size(), frames,
        leaked, denied, malformedAnswers);
    assertEquals(0, leaked, "a hostile socket received messages");
    assertEquals(List.of(), closedByHostileFrames, "sockets closed before their malformed envelope");
    assertEquals(200, stack.api.get("/health/ready", null).status());
    sockets.forEach(s -> s.close().await());
    orgB.close().await();
  }

  /**
   * A send to a session the bridge has closed (here: its login ended) is answered, 404 as SockJS says,
   * not left waiting: a client racing the close gets an answer, whatever it sent.
   */
  @Test
  @Timeout(value = 1, unit = TimeUnit.MINUTES)
  void sendsToASessionTheBridgeClosedAreAnsweredNotLeftWaiting() throws InterruptedException {
    for (String transport : List.of("xhr-polling", "jsonp-polling")) {
      String token = stack.api.login(stack.orgs.agentsB().get(1));
      TransportSocket socket = TransportSocket.open(stack.outside, stack.port(), transport, token).await();
      assertFalse(socket.isClosed(), transport + " opened: " + socket.closeReason());
      assertEquals(200, stack.api.json(HttpMethod.POST, "/api/logout", token, null).await().status());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!socket.isClosed() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(socket.isClosed(), transport + ": the bridge closed the logged-out session");
      String query = "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
      Api.Reply xhr = stack.api.call(HttpMethod.POST, socket.sessionPath() + "/xhr_send" + query,
          Map.of("Content-Type", "text/plain"), Buffer.buffer("[\"{\\\"type\\\":\\\"ping\\\"}\"]"));
      Api.Reply jsonp = stack.api.call(HttpMethod.POST, socket.sessionPath() + "/jsonp_send" + query,
          Map.of("Content-Type", "application/x-www-form-urlencoded"),
          Buffer.buffer("d=%5B%22%7B%7D%22%5D"));
      assertEquals(404, xhr.status(), transport + ": xhr_send to the closed session");
      assertEquals(404, jsonp.status(), transport + ": jsonp_send to the closed session");
      socket.close().await();
    }
  }

  @AfterAll
  static void printStalls() {
  }
}
