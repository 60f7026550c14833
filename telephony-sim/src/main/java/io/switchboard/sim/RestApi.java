package io.switchboard.sim;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Twilio's REST API under {@code /2010-04-01/Accounts/{AccountSid}/}: calls (create, list, fetch,
 * update by Url/Method, Twiml or Status), conferences (list, fetch, update) and their participants
 * (create, list, fetch, update, delete), recordings and their media; every list paged and filtered as
 * Twilio's ({@link ListQuery}). HTTP Basic auth with the account SID and auth token, or an API key and
 * secret; anything else is 401 with Twilio's error JSON (code 20003). Recording media needs no auth,
 * as on Twilio by default. Anything else under {@code /2010-04-01/} is 501 "not simulated".
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
        room -> listParticipants(ctx, room)));
    router.post(BASE + "/Conferences/:file").handler(ctx -> withConference(ctx, "file",
        room -> updateConference(ctx, room)));
    router.post(BASE + "/Conferences/:sid/Participants.json").handler(this::createParticipant);
    router.get(BASE + "/Conferences/:sid/Participants/:file").handler(ctx -> withParticipant(ctx,
        (room, p) -> ok(ctx, json.participant(room, p))));
    router.post(BASE + "/Conferences/:sid/Participants/:file").handler(ctx -> withParticipant(ctx,
        (room, p) -> updateParticipant(ctx, room, p)));
    router.delete(BASE + "/Conferences/:sid/Participants/:file").handler(ctx -> withParticipant(ctx, (room, p) -> {
      ex.conferences.remove(room, p);
      ctx.response().setStatusCode(204).end();
    }));
    router.get(BASE + "/Recordings.json").handler(this::listRecordings);
    router.get(BASE + "/Recordings/:file").handler(this::recording);
    router.route("/2010-04-01/*").last().handler(RestApi::notSimulated);
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

  /** Twilio's checks of a new leg's To and From (Calls and Participants create); false once answered 400. */
  private boolean validToAndFrom(RoutingContext ctx, String to, String from) {
    if (to == null || to.isBlank()) {
      badRequest(ctx, 21201, "No 'To' number is specified");
      return false;
    }
    if (from == null || from.isBlank()) {
      badRequest(ctx, 21213, "No 'From' number is specified");
      return false;
    }
    if (!validEndpoint(to)) {
      badRequest(ctx, 21211, "Invalid 'To' Phone Number: " + to);
      return false;
    }
    return true;
  }

  private void createCall(RoutingContext ctx) {
    MultiMap form = ctx.request().formAttributes();
    String to = form.get("To");
    String from = form.get("From");
    String url = form.get("Url");
    String twiml = form.get("Twiml");
    if (!validToAndFrom(ctx, to, from)) {
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
    String digits = form.get("SendDigits");
    if (digits != null && !Digits.validToSend(digits)) {
      badRequest(ctx, 20001, "SendDigits may hold at most 32 of 0-9 A-D # * w W, not '" + digits + "'");
      return;
    }
    SimCall call = ex.newCall(null, from, to, "outbound-api", "queued");
    call.sendDigits = digits;
    configureStatusCallback(call, form);
    int timeout = parseInt(form.get("Timeout"), 60, 1, 600);
    // Twilio answers while the call is still queued; it is dialed after.
    JsonObject created = json.call(call);
    OutboundCall.start(ex, call, target.orElse(null),
        Optional.ofNullable(form.get("Method")).orElse("POST").toUpperCase(), twiml, timeout);
    send(ctx, 201, created);
  }

  /**
   * Twilio's calls list: newest first, filtered by {@code To}, {@code From}, {@code ParentCallSid},
   * {@code Status} and the date filters {@code StartTime} and {@code EndTime} (each also with
   * {@code <} and {@code >}), paged.
   */
  private void listCalls(RoutingContext ctx) {
    list(ctx, q -> {
      String to = q.param("To");
      String from = q.param("From");
      String parent = q.param("ParentCallSid");
      String status = q.param("Status");
      Predicate<SimCall> started = q.dateFilter("StartTime", SimCall::startedAt);
      // end_time, as the resource shows it: only a completed call has one.
      Predicate<SimCall> ended = q.dateFilter("EndTime", c -> "completed".equals(c.status()) ? c.endedAt() : null);
      List<SimCall> calls = ex.calls().stream()
          .sorted(Comparator.comparingLong(SimCall::sequence).reversed())
          .filter(c -> to == null || to.equals(c.to()))
          .filter(c -> from == null || from.equals(c.from()))
          .filter(c -> parent == null || parent.equals(c.parentCallSid()))
          .filter(c -> status == null || status.equals(c.status()))
          .filter(started).filter(ended)
          .toList();
      return q.page("calls", json.listUri("/Calls.json"), calls, SimCall::sid, json::call);
    }, "To", "From", "ParentCallSid", "Status", "StartTime", "StartTime<", "StartTime>", "EndTime", "EndTime<",
        "EndTime>");
  }

  /** Runs a list request; a malformed filter or paging parameter is 400 (Twilio error 20001). */
  private void list(RoutingContext ctx, Function<ListQuery, JsonObject> answer, String... filters) {
    JsonObject page;
    try {
      page = answer.apply(ListQuery.of(ctx, filters));
    } catch (ListQuery.Invalid e) {
      badRequest(ctx, 20001, "Invalid filter or paging parameter: " + e.getMessage());
      return;
    }
    ok(ctx, page);
  }

  /**
   * What Twilio accepts as a call's {@code To}: an E.164-like number (a {@code +} and 2 to 15
   * digits, or bare digits), {@code client:<identity>} or a {@code sip:} address.
   */
  static boolean validEndpoint(String to) {
    String value = to.trim();
    return value.matches("\\+?[1-9][0-9]{1,14}") || value.matches("client:[A-Za-z0-9_.@+-]{1,121}")
        || value.matches("sips?:[^\\s]+@[^\\s]+");
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

  /**
   * Twilio's conferences list: newest first, filtered by {@code FriendlyName}, {@code Status} and
   * the date filters {@code DateCreated} and {@code DateUpdated} (with {@code <} and {@code >}), paged.
   */
  private void listConferences(RoutingContext ctx) {
    list(ctx, q -> {
      String name = q.param("FriendlyName");
      String status = q.param("Status");
      Predicate<ConferenceRoom> created = q.dateFilter("DateCreated", r -> r.createdAt);
      Predicate<ConferenceRoom> updated = q.dateFilter("DateUpdated", r -> r.updatedAt);
      List<ConferenceRoom> rooms = ex.conferences.all().stream()
          .sorted(Comparator.comparingLong((ConferenceRoom r) -> r.sequence).reversed())
          .filter(r -> name == null || name.equals(r.friendlyName))
          .filter(r -> status == null || status.equals(r.status))
          .filter(created).filter(updated)
          .toList();
      return q.page("conferences", json.listUri("/Conferences.json"), rooms, r -> r.sid, json::conference);
    }, "FriendlyName", "Status", "DateCreated", "DateCreated<", "DateCreated>", "DateUpdated", "DateUpdated<",
        "DateUpdated>");
  }

  /** A conference's participants, in the order they joined, filtered by {@code Muted}, {@code Hold}, {@code Coaching}. */
  private void listParticipants(RoutingContext ctx, ConferenceRoom room) {
    list(ctx, q -> {
      Optional<Boolean> muted = q.bool("Muted");
      Optional<Boolean> hold = q.bool("Hold");
      Optional<Boolean> coaching = q.bool("Coaching");
      List<ConferenceRoom.Participant> participants = room.allParticipants().stream()
          .filter(p -> muted.isEmpty() || muted.get() == p.muted)
          .filter(p -> hold.isEmpty() || hold.get() == p.hold)
          .filter(p -> coaching.isEmpty() || coaching.get() == p.coaching)
          .toList();
      return q.page("participants", json.listUri("/Conferences/" + room.sid + "/Participants.json"), participants,
          p -> p.call.sid(), p -> json.participant(room, p));
    }, "Muted", "Hold", "Coaching");
  }

  private void withConference(RoutingContext ctx, String param, Consumer<ConferenceRoom> action) {
    ex.conferences.bySid(sid(ctx, param)).ifPresentOrElse(action, () -> notFound(ctx));
  }

  /** A participant by CallSid or label ({@code .../Participants/{CallSid|Label}.json}) of a conference by SID. */
  private void withParticipant(RoutingContext ctx, BiConsumer<ConferenceRoom, ConferenceRoom.Participant> action) {
    withConference(ctx, "sid", room -> {
      String file = ctx.pathParam("file");
      if (!file.endsWith(".json")) {
        notFound(ctx);
        return;
      }
      room.find(file.substring(0, file.length() - ".json".length()))
          .ifPresentOrElse(p -> action.accept(room, p), () -> notFound(ctx));
    });
  }

  /**
   * Conference update: {@code Status=completed} ends it (every participant leaves: a TwiML one goes on
   * after its {@code <Dial>}, one added through the API is hung up); {@code AnnounceUrl} (+
   * {@code AnnounceMethod}, default POST) plays to every participant.
   */
  private void updateConference(RoutingContext ctx, ConferenceRoom room) {
    MultiMap form = ctx.request().formAttributes();
    String status = form.get("Status");
    String announce = form.get("AnnounceUrl");
    if (status != null && !status.equals("completed")) {
      badRequest(ctx, 20001, "Status can only be 'completed', not '" + status + "'");
      return;
    }
    Optional<URI> announceUrl = announce == null ? Optional.empty() : parseUrl(announce);
    if (announce != null && announceUrl.isEmpty()) {
      badRequest(ctx, 21205, "AnnounceUrl is not a valid URL: " + announce);
      return;
    }
    if (announceUrl.isPresent() && room.live()) {
      ex.conferences.announce(room, null, announceUrl.get(), method(form, "AnnounceMethod", "POST"));
    }
    if (status != null) {
      ex.conferences.endByApi(room);
    }
    ok(ctx, json.conference(room));
  }

  /**
   * Participants create: dials {@code To} from {@code From} and, when it answers, puts it in the
   * conference (by SID, or by friendly name, created if there is no live one), with {@code Label},
   * {@code Muted}, {@code Beep}, {@code StartConferenceOnEnter}, {@code EndConferenceOnExit},
   * {@code WaitUrl}/{@code WaitMethod}, {@code Coaching}/{@code CallSidToCoach}, {@code Timeout},
   * {@code StatusCallback}/{@code StatusCallbackEvent}/{@code StatusCallbackMethod} (its call's) and
   * {@code ConferenceStatusCallback}/{@code ...Event}/{@code ...Method} (the conference's, if it has none).
   */
  private void createParticipant(RoutingContext ctx) {
    MultiMap form = ctx.request().formAttributes();
    String path = ctx.pathParam("sid");
    ConferenceRoom room;
    if (path.matches("CF[0-9a-f]{32}")) {
      Optional<ConferenceRoom> found = ex.conferences.bySid(path);
      if (found.isEmpty()) {
        notFound(ctx);
        return;
      }
      room = found.get();
      if (!room.live()) {
        badRequest(ctx, 20001, "Conference " + path + " is completed");
        return;
      }
    } else {
      room = null;
    }
    String to = form.get("To");
    String from = form.get("From");
    if (!validToAndFrom(ctx, to, from)) {
      return;
    }
    String label = form.get("Label");
    String coach = form.get("CallSidToCoach");
    boolean coaching = form.get("Coaching") != null ? Boolean.parseBoolean(form.get("Coaching")) : coach != null;
    String waitUrl = form.get("WaitUrl");
    Optional<URI> wait = waitUrl == null || waitUrl.isBlank() ? Optional.empty() : parseUrl(waitUrl);
    if (waitUrl != null && !waitUrl.isBlank() && wait.isEmpty()) {
      badRequest(ctx, 21205, "WaitUrl is not a valid URL: " + waitUrl);
      return;
    }
    // By friendly name: the live room of that name, or a new one (made only once the request is valid).
    ConferenceRoom existing = room != null ? room : ex.conferences.live(path).orElse(null);
    String problem = coachingProblem(existing, null, coaching, coach);
    if (problem == null && label != null && existing != null && existing.find(label).isPresent()) {
      problem = "a participant of this conference already has the label '" + label + "'";
    }
    if (problem == null && existing != null && existing.allParticipants().size() >= Conferences.MAX_PARTICIPANTS) {
      problem = "the conference is full (" + Conferences.MAX_PARTICIPANTS + " participants)";
    }
    if (problem != null) {
      badRequest(ctx, 20001, problem);
      return;
    }
    ConferenceRoom target = existing != null ? existing : ex.conferences.room(path);
    String callerId = Optional.ofNullable(form.get("CallerId")).orElse(from);
    SimCall call = ex.newCall(null, callerId, to, "outbound-api", "queued");
    configureStatusCallback(call, form);
    ConferenceRoom.Participant p = new ConferenceRoom.Participant(call, false, label,
        bool(form, "StartConferenceOnEnter", true), bool(form, "EndConferenceOnExit", false),
        bool(form, "Muted", false));
    p.beep = Optional.ofNullable(form.get("Beep")).orElse("true");
    p.coaching = coaching;
    p.callSidToCoach = coaching ? coach : null;
    p.waitSilent = waitUrl != null && waitUrl.isBlank();
    p.waitUrl = wait.orElse(null);
    p.waitMethod = method(form, "WaitMethod", "POST");
    String conferenceCallback = form.get("ConferenceStatusCallback");
    ex.conferences.configureCallbacks(target,
        conferenceCallback != null && parseUrl(conferenceCallback).isPresent() ? conferenceCallback : null,
        method(form, "ConferenceStatusCallbackMethod", "POST"),
        Optional.ofNullable(form.get("ConferenceStatusCallbackEvent")).map(e -> String.join(" ",
            form.getAll("ConferenceStatusCallbackEvent"))).orElse("start end"), null);
    JsonObject created = json.participant(target, p);
    ex.conferences.dial(target, p, parseInt(form.get("Timeout"), 60, 5, 600));
    send(ctx, 201, created);
  }

  /**
   * Participants update: {@code Hold} (+ {@code HoldUrl}, {@code HoldMethod}: default GET),
   * {@code Muted}, {@code Coaching} + {@code CallSidToCoach}, {@code AnnounceUrl} (+
   * {@code AnnounceMethod}), {@code EndConferenceOnExit}, {@code BeepOnExit}.
   */
  private void updateParticipant(RoutingContext ctx, ConferenceRoom room, ConferenceRoom.Participant p) {
    MultiMap form = ctx.request().formAttributes();
    Optional<URI> holdUrl = Optional.empty();
    if (form.get("HoldUrl") != null) {
      holdUrl = parseUrl(form.get("HoldUrl"));
      if (holdUrl.isEmpty()) {
        badRequest(ctx, 21205, "HoldUrl is not a valid URL: " + form.get("HoldUrl"));
        return;
      }
    }
    Optional<URI> announceUrl = Optional.empty();
    if (form.get("AnnounceUrl") != null) {
      announceUrl = parseUrl(form.get("AnnounceUrl"));
      if (announceUrl.isEmpty()) {
        badRequest(ctx, 21205, "AnnounceUrl is not a valid URL: " + form.get("AnnounceUrl"));
        return;
      }
    }
    String coach = form.get("CallSidToCoach");
    Boolean coaching = form.get("Coaching") == null ? null : Boolean.parseBoolean(form.get("Coaching"));
    if (coaching != null || coach != null) {
      String problem = coachingProblem(room, p, coaching != null ? coaching : true,
          coach != null ? coach : p.callSidToCoach);
      if (problem != null) {
        badRequest(ctx, 20001, problem);
        return;
      }
    }
    ex.conferences.update(room, p, optBool(form, "Hold"), holdUrl.orElse(null),
        form.get("HoldMethod") == null ? null : method(form, "HoldMethod", "GET"), optBool(form, "Muted"),
        coaching, coach, optBool(form, "EndConferenceOnExit"), optBool(form, "BeepOnExit"));
    if (announceUrl.isPresent() && room.isConnected(p)) {
      ex.conferences.announce(room, p, announceUrl.get(), method(form, "AnnounceMethod", "POST"));
    }
    ok(ctx, json.participant(room, p));
  }

  /** Why coaching cannot be set so (Twilio: coaching needs {@code CallSidToCoach}, a participant of the same conference), or null. */
  private static String coachingProblem(ConferenceRoom room, ConferenceRoom.Participant self, boolean coaching,
      String callSidToCoach) {
    if (!coaching) {
      return null;
    }
    if (callSidToCoach == null || callSidToCoach.isBlank()) {
      return "Coaching=true requires CallSidToCoach";
    }
    if (self != null && self.call.sid().equals(callSidToCoach)) {
      return "a participant cannot coach itself";
    }
    if (room == null || room.find(callSidToCoach).isEmpty()) {
      return "CallSidToCoach " + callSidToCoach + " is not a participant of "
          + (room == null ? "this conference" : "conference " + room.sid);
    }
    return null;
  }

  private void configureStatusCallback(SimCall call, MultiMap form) {
    String callback = form.get("StatusCallback");
    if (callback != null && parseUrl(callback).isPresent()) {
      call.statusCallback = URI.create(callback);
      call.statusCallbackMethod = method(form, "StatusCallbackMethod", "POST");
      Set<String> events = new HashSet<>();
      form.getAll("StatusCallbackEvent").forEach(e -> events.addAll(List.of(e.trim().split("[\\s,]+"))));
      call.statusCallbackEvents = events.isEmpty() ? Set.of("completed") : Set.copyOf(events);
    }
  }

  private static String method(MultiMap form, String name, String fallback) {
    return Optional.ofNullable(form.get(name)).filter(m -> !m.isBlank()).orElse(fallback).toUpperCase();
  }

  /** Twilio: "anything other than true or false is interpreted as false". */
  private static boolean bool(MultiMap form, String name, boolean fallback) {
    String value = form.get(name);
    return value == null ? fallback : Boolean.parseBoolean(value.trim());
  }

  private static Boolean optBool(MultiMap form, String name) {
    String value = form.get(name);
    return value == null ? null : Boolean.parseBoolean(value.trim());
  }

  // ---- recordings ------------------------------------------------------------------------

  /**
   * Twilio's recordings list: newest first, filtered by {@code CallSid}, {@code ConferenceSid} and
   * creation time ({@code DateCreated} one UTC day; {@code DateCreated>} / {@code DateCreated<}, sent as
   * {@code DateCreated>=...} / {@code DateCreated<=...}, inclusive, a date or a date-time in UTC), paged.
   */
  private void listRecordings(RoutingContext ctx) {
    list(ctx, q -> {
      String callSid = q.param("CallSid");
      String conferenceSid = q.param("ConferenceSid");
      Predicate<Recording> created = q.dateFilter("DateCreated", Recording::createdAt);
      List<Recording> recordings = ex.recordings.all().stream()
          .sorted(Comparator.comparing(Recording::createdAt).reversed())
          .filter(r -> callSid == null || callSid.equals(r.callSid()))
          .filter(r -> conferenceSid == null)
          .filter(created)
          .toList();
      return q.page("recordings", json.listUri("/Recordings.json"), recordings, Recording::sid, json::recording);
    }, "CallSid", "ConferenceSid", "DateCreated", "DateCreated<", "DateCreated>");
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
      boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
      return http && uri.getHost() != null ? Optional.of(uri) : Optional.empty();
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

  /**
   * A request for something Twilio has but the simulator does not do: 501 with Twilio's error shape
   * and a message saying so (not 20404, which would claim the resource does not exist).
   */
  static void notSimulated(RoutingContext ctx) {
    send(ctx, 501, new JsonObject().put("code", null)
        .put("message", "Not simulated: telephony-sim does not implement " + ctx.request().method().name() + " "
            + ctx.request().path() + " (see telephony-sim/README.md for what it does)")
        .put("more_info", "telephony-sim/README.md").put("status", 501));
  }

  private static void notFound(RoutingContext ctx) {
    send(ctx, 404, ResourceJson.error(20404, "The requested resource " + ctx.request().path() + " was not found", 404));
  }

  private static void send(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }
}
