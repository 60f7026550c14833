package io.switchboard.common.contract;

/** An agent's presence. Only {@code AVAILABLE} agents are ever rung. */
public enum AgentStatus {
  AVAILABLE,
  BUSY,
  WRAP_UP,
  AWAY,
  OFFLINE
}
