package io.switchboard.hardening;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded generator of malformed requests: the same seed gives the same requests in the same order.
 * Each request says which mutation made it, so a failure names how to reproduce it.
 */
final class Fuzzer {
  /** A request to send. */
  record Request(String kind, HttpMethod method, String uri, Map<String, String> headers, Buffer body) {}

  /** Strings no field should ever choke on; the markers let a check find them reflected. */
  static final String SCRIPT = "<script>alert('sbxss')</script>";
  static final String SQL_DROP = "x'); DROP TABLE directory.users; --";
  static final List<String> ABSURD = List.of(
      SCRIPT, "\"><img src=x onerror=alert('sbxss')>", SQL_DROP, "' OR '1'='1", "1; SELECT pg_sleep(10); --",
      "\u0000", "\u202Eevil\u202C", "\uD83D\uDCA9\uD83D\uDD25", "\uFFFF\uFFFE", "Ω≈ç√∫˜µ≤≥÷", "null", "undefined",
      "../../../../etc/passwd", "%00", "${jndi:ldap://127.0.0.1/a}", "{{7*7}}", "%s%s%s%n", " ", "",
      "a".repeat(5_000), "-1", "9".repeat(40), "NaN", "true", "[]", "{}", "\\", "\"", "\r\nX-Injected: 1");
  static final List<String> CONTENT_TYPES = List.of("application/json", "text/plain", "application/xml",
      "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "application/json; charset=utf-7",
      "", "*/*", "application/json\u0000", "text/html");
  static final List<HttpMethod> METHODS = List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT,
      HttpMethod.DELETE, HttpMethod.PATCH, HttpMethod.OPTIONS, HttpMethod.HEAD, HttpMethod.TRACE);

  /** Every HTTP route Switchboard serves, with its method; {id} is a path parameter. */
  static final List<String[]> ROUTES = List.of(
      new String[] {"POST", "/api/login"}, new String[] {"POST", "/api/logout"}, new String[] {"GET", "/api/me"},
      new String[] {"GET", "/api/config"}, new String[] {"GET", "/api/board"},
      new String[] {"PUT", "/api/agents/me/status"}, new String[] {"PUT", "/api/agents/{id}/status"},
      new String[] {"POST", "/api/calls/{id}/claim"}, new String[] {"POST", "/api/calls/{id}/decline"},
      new String[] {"POST", "/api/calls/{id}/park"}, new String[] {"POST", "/api/parked/{id}/unpark"},
      new String[] {"POST", "/api/calls/{id}/hangup"},
      new String[] {"GET", "/api/voicemails"}, new String[] {"PUT", "/api/voicemails/{id}"},
      new String[] {"GET", "/api/voicemails/{id}/audio"}, new String[] {"GET", "/api/twilio/token"},
      new String[] {"GET", "/api/history/calls"}, new String[] {"GET", "/api/history/calls/{id}"},
      new String[] {"GET", "/api/{id}"},
      new String[] {"POST", "/twilio/voice"}, new String[] {"POST", "/twilio/dial-status"},
      new String[] {"POST", "/twilio/call-status"}, new String[] {"POST", "/twilio/voicemail"},
      new String[] {"POST", "/twilio/conference-status"}, new String[] {"POST", "/twilio/{id}"},
      new String[] {"GET", "/twilio/hold-music.wav"},
      new String[] {"GET", "/health/live"}, new String[] {"GET", "/health/ready"}, new String[] {"GET", "/health/{id}"},
      new String[] {"GET", "/metrics"},
      new String[] {"GET", "/"}, new String[] {"GET", "/index.html"}, new String[] {"GET", "/assets/{id}"},
      new String[] {"GET", "/{id}"}, new String[] {"GET", "/{id}.js"},
      new String[] {"GET", "/eventbus/info"}, new String[] {"POST", "/eventbus/{id}/{id}/xhr"},
      new String[] {"POST", "/eventbus/{id}/{id}/xhr_send"}, new String[] {"POST", "/eventbus/{id}/{id}/jsonp_send"},
      new String[] {"GET", "/eventbus/websocket"});

  private final Random random;
  private final Map<String, String> tokens;
  private final long maxBody;

  /** {@code tokens}: real tokens by name ("agent", "admin"), used now and then so the checks behind authentication run too. */
  Fuzzer(long seed, Map<String, String> tokens, long maxBody) {
    this.random = new Random(seed);
    this.tokens = tokens;
    this.maxBody = maxBody;
  }

  <T> T pick(List<T> list) {
    return list.get(random.nextInt(list.size()));
  }

  String absurd() {
    return pick(ABSURD);
  }

  Request next() {
    String[] route = pick(ROUTES);
    int mutation = random.nextInt(12);
    HttpMethod method = mutation == 0 ? pick(METHODS) : HttpMethod.valueOf(route[0]);
    String uri = path(route[1], mutation == 1);
    if (random.nextInt(4) == 0) {
      uri += (uri.contains("?") ? "&" : "?") + encode(absurd()) + "=" + encode(absurd());
    }
    if (route[1].startsWith("/api/history") && random.nextBoolean()) {
      uri += (uri.contains("?") ? "&" : "?") + pick(List.of("number", "agentId", "since", "until", "outcome", "offset",
          "limit")) + "=" + encode(absurd());
    }
    Map<String, String> headers = new HashMap<>();
    // One connection per request, so a request is judged on its own, not on what a predecessor left behind.
    headers.put("Connection", "close");
    String auth = authorization();
    if (auth != null) {
      headers.put("Authorization", auth);
    }
    String kind;
    Buffer body;
    switch (mutation) {
      case 2 -> { kind = "bad-json"; body = Buffer.buffer(pick(List.of("{", "{\"a\":", "nul", "[1,2", "{\"status\":\"available\"",
          "\"just a string\"", "42", "{'single':'quotes'}", "{\"a\":1}}", "\u0000\u0001\u0002"))); }
      case 3 -> { kind = "wrong-types"; body = Buffer.buffer("{\"status\":" + pick(List.of("5", "[]", "{}", "null", "true", "1e999"))
          + ",\"agentId\":" + pick(List.of("7", "[\"x\"]", "{}", "null", "false")) + ",\"handled\":\"yes\",\"email\":12,\"password\":[]}"); }
      case 4 -> { kind = "huge"; body = Buffer.buffer("{\"status\":\"" + "x".repeat((int) maxBody + 1 + random.nextInt(4096)) + "\"}"); }
      case 5 -> { kind = "unknown-fields"; body = Buffer.buffer("{\"status\":\"available\",\"agentId\":\"acme-agent-1\",\"handled\":true,"
          + "\"role\":\"admin\",\"orgId\":\"globex\",\"__proto__\":{\"admin\":true},\"" + jsonEscape(absurd()) + "\":1}"); }
      case 6 -> { kind = "missing-fields"; body = Buffer.buffer("{}"); }
      case 7 -> { kind = "absurd-strings"; body = Buffer.buffer("{\"status\":\"" + jsonEscape(absurd()) + "\",\"agentId\":\""
          + jsonEscape(absurd()) + "\",\"email\":\"" + jsonEscape(absurd()) + "\",\"password\":\"" + jsonEscape(absurd()) + "\"}"); }
      case 8 -> { kind = "deep-nesting"; int depth = 2_000 + random.nextInt(20_000); body = Buffer.buffer("[".repeat(depth) + "]".repeat(depth)); }
      case 9 -> { kind = "form-garbage"; body = Buffer.buffer("CallSid=" + encode(absurd()) + "&From=" + encode(absurd()) + "&To="
          + encode(absurd()) + "&" + encode(absurd()) + "=%ZZ&&=&a"); }
      case 10 -> { kind = "random-bytes"; byte[] bytes = new byte[random.nextInt(2048)]; random.nextBytes(bytes); body = Buffer.buffer(bytes); }
      default -> { kind = mutation == 0 ? "bad-method" : mutation == 1 ? "absurd-path" : "no-body"; body = null; }
    }
    if (body != null || random.nextInt(3) == 0) {
      String type = mutation == 9 && random.nextBoolean() ? "application/x-www-form-urlencoded" : pick(CONTENT_TYPES);
      if (!type.isEmpty()) {
        headers.put("Content-Type", type.replace("\u0000", ""));
      }
    }
    if (route[1].startsWith("/twilio") && random.nextInt(3) == 0) {
      headers.put("X-Twilio-Signature", pick(List.of("", "x", "AAAA", "bm90IGEgc2lnbmF0dXJl", absurd().replaceAll("[\\r\\n\\u0000]", ""))));
    }
    return new Request(kind, method, uri, headers, body);
  }

  private String authorization() {
    int r = random.nextInt(10);
    return switch (r) {
      case 0, 1, 2, 3 -> "Bearer " + tokens.get("agent");
      case 4 -> "Bearer " + tokens.get("admin");
      case 5 -> "Bearer " + absurd().replaceAll("[\\r\\n\\u0000]", "");
      case 6 -> "Basic " + Base64.getEncoder().encodeToString("a:b".getBytes(StandardCharsets.UTF_8));
      case 7 -> "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhY21lLWFnZW50LTEiLCJvcmciOiJhY21lIiwicm9sZSI6ImFkbWluIn0.";
      default -> null;
    };
  }

  private String path(String template, boolean absurdPath) {
    StringBuilder out = new StringBuilder();
    String[] parts = template.split("\\{id}", -1);
    for (int i = 0; i < parts.length; i++) {
      out.append(parts[i]);
      if (i < parts.length - 1) {
        String id = absurdPath || random.nextBoolean() ? absurd() : pick(List.of("CA" + "0".repeat(32), "acme-agent-2",
            "globex-agent-1", "00000000-0000-0000-0000-000000000000", "x"));
        out.append(id.isEmpty() ? "%20" : encode(id));
      }
    }
    return out.toString();
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  static String jsonEscape(String value) {
    StringBuilder out = new StringBuilder();
    for (char c : value.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** A malformed or hostile frame for the event-bus bridge's raw WebSocket. */
  String frame(String ownToken) {
    return switch (random.nextInt(10)) {
      case 0 -> "{";
      case 1 -> "{\"type\":\"send\",\"address\":\"claims.claim\",\"body\":{\"callSid\":\"CA1\"},\"headers\":{\"token\":\"" + ownToken + "\"}}";
      case 2 -> "{\"type\":\"publish\",\"address\":\"board.acme\",\"body\":{\"kind\":\"call\"}}";
      case 3 -> "{\"type\":\"register\",\"address\":\"board.globex\",\"headers\":{\"token\":\"" + ownToken + "\"}}";
      case 4 -> "{\"type\":\"register\",\"address\":\"" + jsonEscape(absurd()) + "\",\"headers\":{\"token\":\"" + jsonEscape(absurd()) + "\"}}";
      case 5 -> "{\"type\":\"" + jsonEscape(absurd()) + "\"}";
      case 6 -> "[\"" + jsonEscape(absurd()) + "\"]";
      case 7 -> "{\"type\":\"register\",\"address\":\"agent.globex-agent-1\",\"headers\":{\"token\":\"" + ownToken + "\"}}";
      case 8 -> "{\"type\":\"register\",\"address\":\"board.*\",\"headers\":{}}";
      default -> "{\"type\":\"unregister\",\"address\":\"board.globex\",\"headers\":{\"token\":7}}";
    };
  }
}
