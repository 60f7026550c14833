package io.switchboard.common.bus;

/**
 * Every event-bus address Switchboard uses, grouped by the service that consumes it. The message
 * types for each are in {@code io.switchboard.common.contract}; each request either succeeds with
 * the documented reply or fails with a {@link FailureCode} (a 409's details: {@code Conflict}).
 * Services send them through {@code io.switchboard.common.peers.Peers}.
 */
public final class Addresses {
  private Addresses() {}

  // claim-service: the call state machine
  /** {@code CreateCall} -> {@code CallView}. Idempotent on the caller's PSTN CallSid. */
  public static final String CALLS_CREATE = "calls.create";
  /** {@code TransitionRequest} -> {@code CallView}; 409 when the transition does not apply. */
  public static final String CALLS_TRANSITION = "calls.transition";
  /** {@code OfferCall} -> {@code CallView}: a ringing call rings a new set of agents (Switchboard only). */
  public static final String CALLS_OFFER = "calls.offer";
  /** {@code CallLookup} -> {@code CallView}; 404 when unknown. */
  public static final String CALLS_GET = "calls.get";
  /**
   * {@code QuietCallsRequest} -> {@code CallList} (no stats): live calls not heard of for a
   * while, taken for a check at Twilio (the voice-webhook's reconciler; the claim-service never calls Twilio).
   */
  public static final String CALLS_QUIET = "calls.quiet";
  /** {@code ClaimRequest} -> {@code ClaimResult} (WON or LOST, with the winner). */
  public static final String CLAIMS_CLAIM = "claims.claim";
  /** {@code DeclineRequest} -> {@code CallView}. */
  public static final String CLAIMS_DECLINE = "claims.decline";
  /** {@code BoardQuery} -> {@code CallList}: the org's live calls and its day counters. */
  public static final String BOARD_SNAPSHOT_CALLS = "board.snapshot.calls";
  /**
   * Published by the claim-service after every call change, for every org: a {@code CallView}.
   * Services that derive state from calls (presence: busy/available; parking: lot clean-up)
   * consume this one address instead of every {@code board.<orgId>}.
   */
  public static final String CALLS_CHANGED = "calls.changed";
  /**
   * {@code HistoryQuery} -> {@code HistoryPage}: a page of the asking actor's org's calls (every role
   * of the org may read them); 400 for a bad filter.
   */
  public static final String CALLS_HISTORY = "calls.history";
  /**
   * {@code CallLookup} -> {@code CallTimeline}: one call and the claim-service's events of it, in order;
   * another org's call is 404 like an unknown one.
   */
  public static final String CALLS_TIMELINE = "calls.timeline";

  // presence-service
  /** {@code SetStatusRequest} -> {@code AgentView}. */
  public static final String PRESENCE_SET_STATUS = "presence.set-status";
  /** {@code BoardQuery} -> {@code AgentList}: ringable agents, longest idle first. */
  public static final String PRESENCE_AVAILABLE = "presence.available";
  /** {@code ConnectionReport}, sent by the bridge when a dashboard socket opens. */
  public static final String PRESENCE_CONNECTED = "presence.connected";
  /** {@code ConnectionReport}, sent by the bridge when a dashboard socket closes. */
  public static final String PRESENCE_DISCONNECTED = "presence.disconnected";
  /** {@code SignedOut} -> {@code AgentView} (empty if presence never saw the agent), sent by the bridge's logout. */
  public static final String PRESENCE_SIGNED_OUT = "presence.signed-out";
  /** {@code BoardQuery} -> {@code AgentList}: every agent of the org. */
  public static final String BOARD_SNAPSHOT_AGENTS = "board.snapshot.agents";

  // parking-service
  /** {@code ParkRequest} -> {@code ParkedView}. */
  public static final String PARKING_PARK = "parking.park";
  /** {@code UnparkRequest} -> {@code CallView}. */
  public static final String PARKING_UNPARK = "parking.unpark";
  /** {@code BoardQuery} -> {@code ParkedList}. */
  public static final String BOARD_SNAPSHOT_PARKED = "board.snapshot.parked";
  /**
   * Sent by voice-webhook from a parking conference's status callback:
   * {@code ConferenceReport} -> {@code {}}; fills in the parked call's conference SID.
   */
  public static final String PARKING_CONFERENCE = "parking.conference";
  /**
   * Sent by voice-webhook when the agent a parked call was sent to (unpark or park-timeout ring-back)
   * answered: {@code HandOverReport} -> {@code {}}; the call leaves the lot for good.
   */
  public static final String PARKING_CONNECTED = "parking.connected";
  /**
   * Sent by voice-webhook when a caller reaches a park conference's TwiML: {@code ParkArrival} ->
   * {@code {}}. A park whose redirect Twilio did not confirm, and which was undone, is redone: the
   * caller is in the lot after all.
   */
  public static final String PARKING_ARRIVED = "parking.arrived";
  /**
   * Sent by voice-webhook when that agent did not answer: {@code HandOverReport} ->
   * {@code ConnectFailedReply}: park (the caller goes back to the lot) or ring-all (a park timeout's
   * ring-back failed: ring every available agent).
   */
  public static final String PARKING_CONNECT_FAILED = "parking.connect-failed";
  /**
   * Sent by voice-webhook when someone who called the org's number keyed {@code *} and a spot:
   * {@code SpotRetrieval} -> {@code SpotRetrieved}; 404 when no call is parked in that spot (or it is
   * already being retrieved), 409 when its caller hung up. Of two retrievals of one spot one wins.
   */
  public static final String PARKING_RETRIEVE_SPOT = "parking.retrieve-spot";

  // voice-webhook-service
  /** {@code BoardQuery} -> {@code VoicemailList}. */
  public static final String BOARD_SNAPSHOT_VOICEMAILS = "board.snapshot.voicemails";
  /** {@code VoicemailUpdate} -> {@code VoicemailView}: mark a voicemail handled. */
  public static final String VOICEMAILS_UPDATE = "voicemails.update";
  /**
   * {@code VoicemailLookup} -> {@code VoicemailRecording}: where the bridge fetches the recording
   * to stream it to the browser; 404 unknown, 403 another org's.
   */
  public static final String VOICEMAILS_AUDIO = "voicemails.audio";
  /**
   * {@code CallLookup} -> {@code VoicemailList}: the voicemails recorded on one call of the actor's
   * org (empty for an unknown call or another org's), for the call's timeline.
   */
  public static final String VOICEMAILS_OF_CALL = "voicemails.of-call";

  /**
   * {@code HangupRequest} -> {@code CallView} (ended): hang a call up from the server. The caller's call
   * is completed at Twilio (already gone there is fine) and ended here. The call's own agent may, its
   * active call (reason "agent-hung-up"; 409 otherwise); an admin any live call of its org (reason
   * "ended-by-admin"; an ended call is returned as it is); anyone else 403. Another org's call is 404
   * like an unknown one; Twilio unavailable 503, nothing changed.
   */
  public static final String CALLS_HANGUP = "calls.hangup";

  // dashboard-bridge: the directory (organizations, numbers, users)
  /** {@code OrgQuery} -> {@code OrgView}; 404 when unknown. */
  public static final String DIRECTORY_ORG = "directory.org";
  /** {@code NumberQuery} -> {@code OrgView} of the org that owns the number; 404 when unknown. */
  public static final String DIRECTORY_NUMBER = "directory.number";
  /** {@code BoardQuery} -> {@code UserList}: the org's users. */
  public static final String DIRECTORY_USERS = "directory.users";
  /**
   * Published by the bridge node where a dashboard session logged out: {@code SessionRevoked}. Every
   * bridge node refuses the session's token from then on and closes its open sockets.
   */
  public static final String SESSIONS_REVOKED = "sessions.revoked";

  // published, never requested
  private static final String BOARD_PREFIX = "board.";
  private static final String AGENT_PREFIX = "agent.";

  /** Where every {@code BoardDelta} of one organization is published. */
  public static String board(String orgId) {
    return BOARD_PREFIX + orgId;
  }

  /** Private notices to one agent (for example: you lost the claim). */
  public static String agent(String agentId) {
    return AGENT_PREFIX + agentId;
  }
}
