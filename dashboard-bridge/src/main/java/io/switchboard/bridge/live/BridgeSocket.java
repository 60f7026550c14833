package io.switchboard.bridge.live;

import io.switchboard.bridge.auth.AuthUser;

import io.switchboard.common.bus.Addresses;
import io.vertx.core.Context;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One open bridge socket: whose it is, its id for presence, the event loop it lives on, when it
 * last pinged and the (at most two) addresses it is registered for. Kept small on purpose: an idle
 * dashboard costs this object plus the SockJS socket, no event-bus consumer and no timer of its own.
 */
public final class BridgeSocket {
  final SockJSSocket socket;
  final AuthUser user;
  final String connectionId;
  /** The socket's event loop: it is closed there. */
  final Context context;
  private final long expiresAtMs;
  private volatile long lastPingMs;
  /** Set once the socket is being closed (slow, expired, drained): nothing more is written to it. */
  private volatile boolean closing;
  private final List<String> addresses = new ArrayList<>(2);
  /** Bytes written to the socket whose write has not completed yet. */
  private final AtomicInteger queuedBytes = new AtomicInteger();

  BridgeSocket(SockJSSocket socket, AuthUser user, String connectionId, Context context, long nowMs) {
    this.socket = socket;
    this.user = user;
    this.connectionId = connectionId;
    this.context = context;
    this.expiresAtMs = user.expiresAt().toEpochMilli();
    this.lastPingMs = nowMs;
  }

  /** Only the user's own org board and own agent address. */
  boolean mayReceive(String address) {
    return Addresses.board(user.orgId()).equals(address) || Addresses.agent(user.id()).equals(address);
  }

  boolean expiredAt(long nowMs) {
    return nowMs >= expiresAtMs;
  }

  void pinged(long nowMs) {
    lastPingMs = nowMs;
  }

  boolean silentSince(long nowMs, long timeoutMs) {
    return nowMs - lastPingMs >= timeoutMs;
  }

  /** Counts a write of {@code bytes}; false (and nothing counted) if it would exceed {@code max}. */
  boolean queued(int bytes, int max) {
    if (queuedBytes.addAndGet(bytes) > max) {
      queuedBytes.addAndGet(-bytes);
      return false;
    }
    return true;
  }

  void written(int bytes) {
    queuedBytes.addAndGet(-bytes);
  }

  boolean closing() {
    return closing;
  }

  /** True only for the first caller, so a socket is closed and reported once. */
  synchronized boolean markClosing() {
    if (closing) {
      return false;
    }
    closing = true;
    return true;
  }

  synchronized boolean addAddress(String address) {
    if (addresses.contains(address)) {
      return false;
    }
    addresses.add(address);
    return true;
  }

  synchronized boolean removeAddress(String address) {
    return addresses.remove(address);
  }

  synchronized List<String> takeAddresses() {
    List<String> all = List.copyOf(addresses);
    addresses.clear();
    return all;
  }
}
