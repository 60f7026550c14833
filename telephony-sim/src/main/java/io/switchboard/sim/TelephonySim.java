package io.switchboard.sim;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A running Twilio simulator, for tests, load generators and the demo.
 *
 * <pre>{@code
 * TelephonySim sim = TelephonySim.start(vertx, options.withVoiceUrl(app.resolve("/twilio/voice"))).await();
 * SimDevice alice = sim.device("alice");
 * SimCall call = sim.inboundCall("+15550001111", "+15559990000").await();
 * IncomingCall ring = alice.nextIncoming(Duration.ofSeconds(5)).await();
 * ring.accept().await();
 * call.awaitEvent("dial-connected", Duration.ofSeconds(5)).await();
 * call.hangUp().await();
 * }</pre>
 */
public final class TelephonySim {
  private final Vertx vertx;
  private final String deploymentId;
  private final SimVerticle verticle;

  private TelephonySim(Vertx vertx, String deploymentId, SimVerticle verticle) {
    this.vertx = vertx;
    this.deploymentId = deploymentId;
    this.verticle = verticle;
  }

  public static Future<TelephonySim> start(Vertx vertx, SimOptions options) {
    SimVerticle verticle = new SimVerticle(options);
    return vertx.deployVerticle(verticle).map(id -> new TelephonySim(vertx, id, verticle));
  }

  private Exchange ex() {
    return verticle.exchange();
  }

  public int port() {
    return verticle.port();
  }

  /** {@code http://127.0.0.1:<port>}: what {@code TWILIO_API_BASE_URL} should be. */
  public String baseUrl() {
    return ex().baseUrl();
  }

  /** A caller dials {@code to}: Twilio requests the number's voice URL. */
  public Future<SimCall> inboundCall(String from, String to) {
    return OnContext.run(ex().context(), () -> Future.succeededFuture(ex().inbound(from, to)));
  }

  /** The Voice SDK device registered as {@code client:<identity>} (registered from now on). */
  public SimDevice device(String identity) {
    return ex().device("client:" + identity);
  }

  /** A PSTN phone answering calls to {@code number} ({@code <Dial><Number>}, REST-created calls). */
  public SimDevice phone(String number) {
    return ex().device(number);
  }

  /** A TwiML application's configuration (its voice URL), for calls Voice SDK devices place. */
  public SimApplication application(String sid) {
    return ex().application(sid);
  }

  /** A number's voice configuration (voice URL, fallback URL, status callback). */
  public SimNumber number(String number) {
    return ex().number(number);
  }

  public Optional<SimCall> call(String sid) {
    return ex().call(sid);
  }

  /** Every call leg so far, oldest first. */
  public List<SimCall> calls() {
    return ex().calls();
  }

  /** Waits for a call leg (already created or still to come), e.g. the child leg to a client. */
  public Future<SimCall> awaitCall(Predicate<SimCall> match, String what, Duration within) {
    return ex().awaitCall(match, what, within);
  }

  /** The CallSids in the live conference named {@code friendlyName} (empty when there is none). */
  public List<String> conferenceParticipants(String friendlyName) {
    return ex().conferences.live(friendlyName)
        .map(room -> room.participantList().stream().map(p -> p.call.sid()).toList())
        .orElse(List.of());
  }

  /**
   * Who hears whom now in the conference named {@code nameOrSid} (its live room by friendly name,
   * else any room by SID); fails when there is none.
   */
  public Future<ConferenceMedia> conferenceMedia(String nameOrSid) {
    return OnContext.run(ex().context(), () -> ex().conferences.live(nameOrSid)
        .or(() -> ex().conferences.bySid(nameOrSid))
        .map(room -> Future.succeededFuture(room.media()))
        .orElseGet(() -> Future.failedFuture(new IllegalStateException("no conference " + nameOrSid))));
  }

  /**
   * What the call {@code callSid} hears now: in a conference, as {@link #conferenceMedia}; bridged
   * by a {@code <Dial>}, the other leg's CallSid; otherwise nobody (empty).
   */
  public Future<Set<String>> hears(String callSid) {
    return OnContext.run(ex().context(), () -> {
      Optional<SimCall> call = ex().call(callSid).filter(SimCall::isLive);
      if (call.isEmpty()) {
        return Future.succeededFuture(Set.of());
      }
      Optional<Set<String>> inConference = ex().conferences.heardIn(call.get());
      if (inConference.isPresent()) {
        return Future.succeededFuture(inConference.get());
      }
      SimCall peer = call.get().bridgedTo;
      return Future.succeededFuture(peer != null && peer.isLive() ? Set.of(peer.sid()) : Set.of());
    });
  }

  /** Fault injection for the REST API (failures and delays of the next matching requests). */
  public SimFaults faults() {
    return ex().faults();
  }

  public Future<Void> close() {
    return vertx.undeploy(deploymentId);
  }
}
