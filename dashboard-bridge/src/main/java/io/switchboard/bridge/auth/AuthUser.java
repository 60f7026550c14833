package io.switchboard.bridge.auth;

import io.switchboard.common.contract.Actor;
import io.switchboard.common.contract.Role;
import java.time.Instant;

/**
 * Who a verified dashboard JWT speaks for, in which login session, and until when. The only source
 * of an {@link Actor}.
 */
public record AuthUser(String id, String orgId, Role role, String name, String sessionId, Instant expiresAt) {

  public Actor actor() {
    return new Actor(id, orgId, role);
  }

  /** Supervisors and admins act on any agent of their org (an agent only on itself). */
  public boolean runsTheFloor() {
    return role == Role.ADMIN || role == Role.SUPERVISOR;
  }
}
