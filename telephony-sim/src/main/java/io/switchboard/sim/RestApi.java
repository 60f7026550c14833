package io.switchboard.sim;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Twilio's REST API under {@code /2010-04-01/Accounts/{AccountSid}/}: calls (create, list, fetch,
 * update by Url/Method, Twiml or Status), conferences and their participants, recordings and their
 * media. HTTP Basic auth with the account SID and auth token, or an API key and secret; anything
 * else is 401 with Twilio's error JSON (code 20003). Recording media needs no auth, as on Twilio
 * by default.
 */
final class RestApi {
  private static final String BASE = "/2010-04-01/Accounts/:account";

  private final Exchange ex;
  private final ResourceJson json;

  RestApi(Exchange ex) {
    this.ex = ex;
    this.json = new ResourceJson(ex);
  }

  void mount(Router router) {
    router.route("/2010-04-01/*").handler(ex.faults()::apply);
    router.route("/2010-04-01/*").handler(this::authenticate);
    router.post("/2010-04-01/*").handler(BodyHandler.create(false).setBodyLimit(1_000_000));
    router.post(BASE + "/Calls.json").handler(this::createCall);
    router.get(BASE + "/Calls.json").handler(this::listCalls);
    router.get(BASE + "/Calls/:file").handler(ctx -> withCall(ctx, call -> ok(ctx, json.call(call))));
    router.post(BASE + "/Calls/:file").handler(ctx -> withCall(ctx, call -> updateCall(ctx, call)));
    router.get(BASE + "/Conferences.json").handler(this::listConferences);
    router.get(BASE + "/Conferences/:file").handler(ctx -> withConference(ctx, "file",
        room -> ok(ctx, json.conference(room))));
    router.get(BASE + "/Conferences/:sid/Participants.json").handler(ctx -> withConference(ctx, "sid",
        room -> ok(ctx, json.page("participants", "/Conferences/" + room.sid + "/Participants.json",
            room.participantList().stream().map(p -> json.participant(room, p)).toList()))));
    router.get(BASE + "/Conferences/:sid/Participants/:file").handler(ctx -> withConference(ctx, "sid", room -> {
      ConferenceRoom.Participant p = room.participants.get(sid(ctx, "file"));
      if (p == null) {
        notFound(ctx);
      } else {
        ok(ctx, json.participant(room, p));
      }
    }));
    router.get(BASE + "/Recordings.json").handler(this::listRecordings);
    router.get(BASE + "/Recordings/:file").handler(this::recording);
    router.route("/2010-04-01/*").last().handler(RestApi::notFound);
  }

  // ---- auth ------------------------------------------------------------------------------

  private void authenticate(RoutingContext ctx) {
    String path = ctx.request().path();
    if (ctx.request().method().name().equals("GET") && path.matches(".*/Recordings/RE[0-9a-f]{32}(\\.wav|\\.mp3)?")) {
      ctx.next();
      return;
    }
    if (!authorized(ctx.request().getHeader("Authorization"))
        || !path.startsWith("/2010-04-01/Accounts/" + ex.accountSid() + "/")) {
      ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"Twilio API\"");
      send(ctx, 401, ResourceJson.error(20003, "Authenticate", 401));
      return;
    }
    ctx.next();
  }

  private boolean authorized(String header) {
    if (header == null || !header.startsWith("Basic ")) {
      return false;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return false;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return false;
    }
    String user = decoded.substring(0, colon);
    String secret = decoded.substring(colon + 1);
    SimOptions o = ex.options();
    return (user.equals(o.accountSid()) && secret.equals(o.authToken()))
        || (o.apiKey() != null && o.apiSecret() != null && user.equals(o.apiKey()) && secret.equals(o.apiSecret()));
  }

  // ---- calls -----------------------------------------------------------------------------

  private void createCall(RoutingContext ctx) {
    MultiMap form = ctx.request().formAttributes();
    String to = form.get("To");
    String from = form.get("From");
    String url = form.get("Url");
    String twiml = form.get("Twiml");
    if (to == null || to.isBlank()) {
      badRequest(ctx, 21201, "No 'To' number is specified");
      return;
    }
    if (from == null || from.isBlank()) {
      badRequest(ctx, 21213, "No 'From' number is specified");
      return;
    }
    if ((url == null) == (twiml == null)) {
      badRequest(ctx, 21205, "Either Url or Twiml is required, not both");
      return;
    }
    Optional<URI> target = url == null ? Optional.empty() : parseUrl(url);
    if (url != null && target.isEmpty()) {
      badRequest(ctx, 21205, "Url is not a valid URL: " + url);
      return;
    }
    SimCall call = ex.newCall(null, from, to, "outbound-api", "queued");
    String callback = form.get("StatusCallback");
    if (callback != null && parseUrl(callback).isPresent()) {
      call.statusCallback = URI.create(callback);
      call.statusCallbackMethod = Optional.ofNullable(form.get("StatusCallbackMethod")).orElse("POST").toUpperCase();
      Set<String> events = new HashSet<>();
      form.getAll("StatusCallbackEvent").forEach(e -> events.addAll(List.of(e.trim().split("[\\s,]+"))));
      call.statusCallbackEvents = events.isEmpty() ? Set.of("completed") : Set.copyOf(events);
    }
    int timeout = parseInt(form.get("Timeout"), 60, 1, 600);
    OutboundCall.start(ex, call, target.orElse(null),
        Optional.ofNullable(form.get("Method")).orElse("POST").toUpperCase(), twiml, timeout);
    send(ctx, 201, json.call(call));
  }

  private void listCalls(RoutingContext ctx) {
    String status = ctx.request().getParam("Status");
    String parent = ctx.request().getParam("ParentCallSid");
    List<JsonObject> calls = ex.calls().stream()
        .filter(c -> status == null || status.equals(c.status()))
        .filter(c -> parent == null || parent.equals(c.parentCallSid()))
        .map(json::call).toList();
    ok(ctx, json.page("calls", "/Calls.json", calls));
  }

  /**
   * Twilio's call update: {@code Url} (+{@code Method}) or {@code Twiml} interrupts the call's
   * current TwiML and runs the new document; {@code Status=completed} hangs up a call,
   * {@code Status=canceled} only a queued or ringing one. A call that has ended cannot be
   * redirected (Twilio error 21220).
   */
  private void updateCall(RoutingContext ctx, SimCall call) {
    MultiMap form = ctx.request().formAttributes();
    String url = form.get("Url");
    String twiml = form.get("Twiml");
    String status = form.get("Status");
    if (url != null && twiml != null) {
      badRequest(ctx, 21205, "Url and Twiml are mutually exclusive");
      return;
    }
    if (status != null && !status.equals("completed") && !status.equals("canceled")) {
      badRequest(ctx, 21218, "Status must be 'completed' or 'canceled', not '" + status + "'");
      return;
    }
    Optional<URI> target = url == null ? Optional.empty() : parseUrl(url);
    if (url != null && target.isEmpty()) {
      badRequest(ctx, 21205, "Url is not a valid URL: " + url);
      return;
    }
    if ((url != null || twiml != null) && !call.isLive()) {
      badRequest(ctx, 21220, "Call is not in-progress. Cannot redirect.");
      return;
    }
    if (url != null || twiml != null) {
      ex.redirect(call, target.orElse(null), Optional.ofNullable(form.get("Method")).orElse("POST").toUpperCase(),
          twiml);
    }
    if ("completed".equals(status) && call.isLive()) {
      ex.end(call, "in-progress".equals(call.status()) ? "completed" : "canceled");
    } else if ("canceled".equals(status) && ("queued".equals(call.status()) || "ringing".equals(call.status()))) {
      ex.end(call, "canceled");
    }
    ok(ctx, json.call(call));
  }

  private void withCall(RoutingContext ctx, Consumer<SimCall> action) {
    String file = ctx.pathParam("file");
    if (!file.endsWith(".json")) {
      notFound(ctx);
      return;
    }
    ex.call(sid(ctx, "file")).ifPresentOrElse(action, () -> notFound(ctx));
  }

  // ---- conferences -----------------------------------------------------------------------

  private void listConferences(RoutingContext ctx) {
    String name = ctx.request().getParam("FriendlyName");
    String status = ctx.request().getParam("Status");
    List<JsonObject> rooms = ex.conferences.all().stream()
        .filter(r -> name == null || name.equals(r.friendlyName))
        .filter(r -> status == null || status.equals(r.status))
        .map(json::conference).toList();
    ok(ctx, json.page("conferences", "/Conferences.json", rooms));
  }

  private void withConference(RoutingContext ctx, String param, Consumer<ConferenceRoom> action) {
    ex.conferences.bySid(sid(ctx, param)).ifPresentOrElse(action, () -> notFound(ctx));
  }

  // ---- recordings ------------------------------------------------------------------------

  /**
   * Twilio's recordings list: newest first, filtered by {@code CallSid} and by creation time
   * ({@code DateCreated} one UTC day; {@code DateCreated>} / {@code DateCreated<}, sent as
   * {@code DateCreated>=...} / {@code DateCreated<=...}, inclusive, a date or a date-time in UTC),
   * in pages of {@code PageSize} (default 50, at most 1000) numbered by {@code Page}.
   */
  private void listRecordings(RoutingContext ctx) {
    String callSid = ctx.request().getParam("CallSid");
    Optional<Instant> after;
    Optional<Instant> before;
    Optional<LocalDate> on;
    int pageSize;
    int page;
    try {
      after = instantParam(ctx, "DateCreated>", false);
      before = instantParam(ctx, "DateCreated<", true);
      on = Optional.ofNullable(ctx.request().getParam("DateCreated")).map(v -> LocalDate.parse(v.substring(0,
          Math.min(10, v.length()))));
      pageSize = strictInt(ctx.request().getParam("PageSize"), 50, 1, 1000);
      page = strictInt(ctx.request().getParam("Page"), 0, 0, Integer.MAX_VALUE);
    } catch (RuntimeException e) {
      badRequest(ctx, 20001, "Invalid filter or paging parameter: " + e.getMessage());
      return;
    }
    List<JsonObject> recordings = ex.recordings.all().stream()
        .sorted(Comparator.comparing(Recording::createdAt).reversed())
        .filter(r -> callSid == null || callSid.equals(r.callSid()))
        .filter(r -> after.isEmpty() || !r.createdAt().isBefore(after.get()))
        .filter(r -> before.isEmpty() || !r.createdAt().isAfter(before.get()))
        .filter(r -> on.isEmpty() || on.get().equals(r.createdAt().atZone(ZoneOffset.UTC).toLocalDate()))
        .map(json::recording).toList();
    StringBuilder query = new StringBuilder();
    for (String name : List.of("CallSid", "DateCreated", "DateCreated>", "DateCreated<")) {
      String value = ctx.request().getParam(name);
      if (value != null) {
        query.append(query.length() == 0 ? "" : "&").append(encode(name)).append('=').append(encode(value));
      }
    }
    ok(ctx, json.page("recordings", "/Recordings.json", recordings, pageSize, page, query.toString()));
  }

  /** A date ({@code 2026-12-02}: the day's start, or its end for an upper bound) or a UTC date-time. */
  private static Optional<Instant> instantParam(RoutingContext ctx, String name, boolean upper) {
    String value = ctx.request().getParam(name);
    if (value == null) {
      return Optional.empty();
    }
    if (value.length() == 10) {
      LocalDate day = LocalDate.parse(value);
      return Optional.of((upper ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant()
          .minusNanos(upper ? 1 : 0));
    }
    String utc = value.endsWith("Z") ? value : value + "Z";
    return Optional.of(Instant.parse(utc));
  }

  private static int strictInt(String value, int fallback, int min, int max) {
    if (value == null) {
      return fallback;
    }
    int parsed = Integer.parseInt(value);
    if (parsed < min || parsed > max) {
      throw new IllegalArgumentException(value + " is out of range");
    }
    return parsed;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** {@code RE..json} is the resource; {@code RE..}, {@code .wav} and {@code .mp3} are the media. */
  private void recording(RoutingContext ctx) {
    String file = ctx.pathParam("file");
    Optional<Recording> recording = ex.recordings.get(sid(ctx, "file"));
    if (recording.isEmpty()) {
      notFound(ctx);
    } else if (file.endsWith(".json")) {
      ok(ctx, json.recording(recording.get()));
    } else if (file.endsWith(".mp3")) {
      ctx.response().putHeader("Content-Type", "audio/mpeg")
          .end(Buffer.buffer(Audio.mp3(recording.get().durationSeconds())));
    } else {
      ctx.response().putHeader("Content-Type", "audio/x-wav")
          .end(Buffer.buffer(Audio.wav(recording.get().durationSeconds())));
    }
  }

  // ---- helpers ---------------------------------------------------------------------------

  private static String sid(RoutingContext ctx, String param) {
    String value = ctx.pathParam(param);
    int dot = value.indexOf('.');
    return dot < 0 ? value : value.substring(0, dot);
  }

  private static Optional<URI> parseUrl(String url) {
    try {
      URI uri = new URI(url);
      return uri.isAbsolute() && uri.getHost() != null ? Optional.of(uri) : Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  private static int parseInt(String value, int fallback, int min, int max) {
    try {
      return value == null ? fallback : Math.max(min, Math.min(max, Integer.parseInt(value)));
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static void ok(RoutingContext ctx, JsonObject body) {
    send(ctx, 200, body);
  }

  private static void badRequest(RoutingContext ctx, int code, String message) {
    send(ctx, 400, ResourceJson.error(code, message, 400));
  }

  private static void notFound(RoutingContext ctx) {
    send(ctx, 404, ResourceJson.error(20404, "The requested resource " + ctx.request().path() + " was not found", 404));
  }

  private static void send(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }
}
