package io.switchboard.voice;

import io.switchboard.common.bus.Bus;
import io.switchboard.common.contract.Actor;
import io.switchboard.common.contract.OrgView;
import io.switchboard.common.contract.UserList;
import io.switchboard.common.peers.Peers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the voice-webhook asks of the other services ({@link Peers}), always as Switchboard itself
 * ({@link Actor#system}): Twilio, not an agent, is the source of these requests. Twilio waits for
 * the answer, so the called number's org is cached and a request safe to repeat is sent again when
 * the node it reached died.
 */
final class VoicePeers extends Peers {
  /** How long the org owning a called number is remembered. */
  static final long ORG_CACHE_MS = 30_000;

  private record KnownOrg(OrgView org, long until) {}

  private final Vertx vertx;
  /** Keyed by numbers the directory knows, so bounded by the directory's size. */
  private final Map<String, KnownOrg> orgsByNumber = new ConcurrentHashMap<>();
  /** Per attempt of a request sent again on a delivery failure: a few attempts must fit in Twilio's 15 s. */
  private final long retriedTimeoutMs;

  VoicePeers(Vertx vertx, long requestTimeoutMs) {
    super(vertx.eventBus());
    this.vertx = vertx;
    this.retriedTimeoutMs = requestTimeoutMs;
  }

  /**
   * Sent again on a delivery failure when it is safe to repeat: creating the call (idempotent on its
   * CallSid), a guarded transition (a repeat of one that applied is a 409, which every caller here
   * accepts; Twilio does not resend status callbacks, so a transition lost with a dying node would
   * never apply), a claim (the same agent claiming again gets the same outcome).
   */
  @Override
  protected Future<JsonObject> ask(String address, JsonObject body, boolean idempotent) {
    return idempotent
        ? Bus.requestRetrying(vertx, address, body, retriedTimeoutMs, true)
        : super.ask(address, body, false);
  }

  /**
   * The org that owns {@code number}. Every inbound call asks, so an answer is kept for
   * {@link #ORG_CACHE_MS}: a number moved to another org takes effect within that time. Failures
   * (no such number, directory down) are not kept.
   */
  @Override
  public Future<OrgView> orgByNumber(String number) {
    long now = System.currentTimeMillis();
    KnownOrg known = orgsByNumber.get(number);
    if (known != null && known.until() > now) {
      return Future.succeededFuture(known.org());
    }
    return super.orgByNumber(number).onSuccess(org -> orgsByNumber.put(number, new KnownOrg(org, now + ORG_CACHE_MS)));
  }

  /** The e-mail addresses of the org's admins, who are told of each voicemail. */
  Future<List<String>> adminEmails(String orgId) {
    return users(orgId).map(UserList::adminEmails);
  }
}
