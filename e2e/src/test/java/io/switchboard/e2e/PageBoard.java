package io.switchboard.e2e;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one agent's page shows at one moment, read from the DOM by its {@code data-testid}s in a single
 * script call (so a snapshot is consistent and cheap to poll).
 */
public record PageBoard(String connection, String phone, List<Incoming> incoming, Map<String, String> statuses,
    Map<String, String> names, List<Active> active, List<Parked> parked, List<Voicemail> voicemails, List<String> toasts) {

  /** A card in the Incoming panel; {@code ringsMe} when it offers this agent Answer/Decline. */
  public record Incoming(String callSid, boolean ringsMe, boolean hasAnswer, String text) {}

  /** The call on an agent's card; {@code pending} while a parked call is being handed to that agent. */
  public record Active(String agentId, String callSid, boolean pending, String timer) {}

  /**
   * A card in the parking lot; {@code parkedId} is null while the park is only optimistic;
   * {@code spot} is the card's spot label ("Spot 2"), null while it has none.
   */
  public record Parked(String parkedId, String callSid, boolean pending, String spot) {}

  public record Voicemail(String voicemailId, String from, boolean handled) {}

  /** Reads every panel; run in the page. */
  static final String SCRIPT = """
      const all = (s) => [...document.querySelectorAll(s)];
      const tid = (e) => e.getAttribute('data-testid');
      const one = (s) => document.querySelector(s);
      return {
        connection: one('[data-testid="connection-state"]')?.dataset.state ?? null,
        phone: one('[data-testid="phone-state"]')?.dataset.state ?? null,
        incoming: all('[data-testid^="incoming-call-"]').map((e) => ({
          callSid: tid(e).substring('incoming-call-'.length),
          ringsMe: e.dataset.ringsMe === 'true' || e.classList.contains('for-me'),
          hasAnswer: !!e.querySelector('[data-testid^="answer-"]'),
          text: e.innerText })),
        statuses: Object.fromEntries(all('[data-testid^="agent-status-"]').map((e) =>
          [tid(e).substring('agent-status-'.length), e.dataset.status])),
        names: Object.fromEntries(all('[data-testid^="agent-card-"]').map((e) =>
          [tid(e).substring('agent-card-'.length), e.querySelector('.agent-name')?.firstChild?.textContent ?? null])),
        active: all('[data-testid^="active-call-"]').map((e) => ({
          agentId: tid(e).substring('active-call-'.length),
          callSid: e.dataset.callSid ?? null,
          pending: e.dataset.pending === 'true' || e.classList.contains('pending'),
          timer: e.querySelector('[data-testid^="call-timer-"]')?.innerText ?? null })),
        parked: all('article.parked-card').map((e) => ({
          parkedId: tid(e).startsWith('parked-pending-') ? null : tid(e).substring('parked-'.length),
          callSid: e.dataset.callSid ?? null,
          pending: e.dataset.pending === 'true',
          spot: e.querySelector('.spot')?.innerText ?? null })),
        voicemails: all('article[data-testid^="voicemail-"]').map((e) => ({
          voicemailId: tid(e).substring('voicemail-'.length),
          from: e.querySelector('.caller')?.innerText ?? null,
          handled: e.dataset.handled === 'true' })),
        toasts: all('[data-testid="toast"]').map((e) => e.innerText),
      };
      """;

  @SuppressWarnings("unchecked")
  static PageBoard from(Object raw) {
    Map<String, Object> m = (Map<String, Object>) raw;
    return new PageBoard((String) m.get("connection"), (String) m.get("phone"),
        ((List<Map<String, Object>>) m.get("incoming")).stream().map(e -> new Incoming((String) e.get("callSid"),
            Boolean.TRUE.equals(e.get("ringsMe")), Boolean.TRUE.equals(e.get("hasAnswer")), (String) e.get("text")))
            .toList(),
        new TreeMap<>((Map<String, String>) m.get("statuses")),
        new TreeMap<>((Map<String, String>) m.get("names")),
        ((List<Map<String, Object>>) m.get("active")).stream().map(e -> new Active((String) e.get("agentId"),
            (String) e.get("callSid"), Boolean.TRUE.equals(e.get("pending")), (String) e.get("timer"))).toList(),
        ((List<Map<String, Object>>) m.get("parked")).stream().map(e -> new Parked((String) e.get("parkedId"),
            (String) e.get("callSid"), Boolean.TRUE.equals(e.get("pending")), (String) e.get("spot"))).toList(),
        ((List<Map<String, Object>>) m.get("voicemails")).stream().map(e -> new Voicemail(
            (String) e.get("voicemailId"), (String) e.get("from"), Boolean.TRUE.equals(e.get("handled")))).toList(),
        (List<String>) m.get("toasts"));
  }

  public boolean live() {
    return "live".equals(connection);
  }

  public Optional<Incoming> incoming(String callSid) {
    return incoming.stream().filter(i -> i.callSid.equals(callSid)).findFirst();
  }

  /** This agent is offered the call (Answer and Decline shown). */
  public boolean ringsMe(String callSid) {
    return incoming(callSid).map(i -> i.ringsMe && i.hasAnswer).orElse(false);
  }

  public boolean showsIncoming(String callSid) {
    return incoming(callSid).isPresent();
  }

  public Optional<Active> activeOf(String agentId) {
    return active.stream().filter(a -> a.agentId.equals(agentId)).findFirst();
  }

  /** The call on {@code agentId}'s card, confirmed (not a pending hand-over), or null. */
  public String callOf(String agentId) {
    return activeOf(agentId).filter(a -> !a.pending).map(Active::callSid).orElse(null);
  }

  public String status(String agentId) {
    return statuses.get(agentId);
  }

  /** The confirmed parked card of this call (the server gave it a parked id). */
  public Optional<Parked> parkedCall(String callSid) {
    return parked.stream().filter(p -> callSid.equals(p.callSid) && p.parkedId != null && !p.pending).findFirst();
  }

  public boolean showsParked(String callSid) {
    return parked.stream().anyMatch(p -> callSid.equals(p.callSid));
  }

  public boolean showsCallAnywhere(String callSid) {
    return showsIncoming(callSid) || showsParked(callSid)
        || active.stream().anyMatch(a -> callSid.equals(a.callSid));
  }

  public Optional<Voicemail> voicemailFrom(String from) {
    return voicemails.stream().filter(v -> from.equals(v.from)).findFirst();
  }

  public boolean toastContains(String text) {
    return toasts.stream().anyMatch(t -> t.toLowerCase().contains(text.toLowerCase()));
  }

  /**
   * The part of the board that must be identical on every agent's page: who is in which status, which
   * call is on which card, what rings, what is parked and which voicemails exist (timers and the
   * per-agent Answer buttons aside).
   */
  public Shared shared() {
    TreeMap<String, String> cards = new TreeMap<>();
    active.forEach(a -> cards.put(a.agentId, a.callSid + (a.pending ? " (pending)" : "")));
    TreeSet<String> ringing = new TreeSet<>();
    incoming.stream().filter(i -> i.text == null || !i.text.contains("Handed to you")).forEach(i -> ringing.add(i.callSid));
    TreeSet<String> lot = new TreeSet<>();
    parked.forEach(p -> lot.add(p.callSid + (p.pending ? " (pending)" : "")));
    TreeSet<String> vms = new TreeSet<>();
    voicemails.forEach(v -> vms.add(v.voicemailId + (v.handled ? " handled" : "")));
    return new Shared(new TreeMap<>(statuses), new TreeMap<>(names), cards, ringing, lot, vms);
  }

  public record Shared(Map<String, String> statuses, Map<String, String> names, Map<String, String> cards, Set<String> ringing,
      Set<String> parked, Set<String> voicemails) {}
}
