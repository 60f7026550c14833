package io.switchboard.bridge;

import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers board and agent messages to the bridge sockets of this node: one event-bus consumer per
 * address per node (not one per socket), the bridge frame {@code {"type":"rec","address":..,"body":..}}
 * encoded once per message, and the same buffer written to every registered socket.
 *
 * <p>Sockets are grouped by their event loop: each message costs one task per event loop, which
 * writes to all of that loop's sockets in turn, so a socket's frames leave in publish order. A socket
 * whose write queue is full (a client that stopped reading) is handed to {@code slow} to be closed
 * instead of buffering without bound; the others are not held up by it.
 */
final class BoardFanout {
  private static final Logger LOG = LoggerFactory.getLogger(BoardFanout.class);

  /** The sockets of one address on this node, by event loop, and the node's one consumer of it. */
  private static final class Topic {
    final Map<Context, Set<BridgeSocket>> byLoop = new ConcurrentHashMap<>();
    MessageConsumer<Object> consumer;
    int members;
  }

  private final Vertx vertx;
  private final Consumer<BridgeSocket> slow;
  private final Map<String, Topic> topics = new ConcurrentHashMap<>();

  BoardFanout(Vertx vertx, Consumer<BridgeSocket> slow) {
    this.vertx = vertx;
    this.slow = slow;
  }

  /** Adds the socket to {@code address} (already checked to be its own); the first one creates the consumer. */
  synchronized void join(String address, BridgeSocket socket) {
    if (!socket.addAddress(address)) {
      return; // registered already: one frame per message, as before
    }
    Topic topic = topics.computeIfAbsent(address, a -> new Topic());
    topic.byLoop.computeIfAbsent(socket.context, c -> ConcurrentHashMap.newKeySet()).add(socket);
    topic.members++;
    if (topic.consumer == null) {
      topic.consumer = vertx.eventBus().consumer(address, message -> deliver(address, topic, message));
    }
  }

  /** Removes the socket from {@code address}; the last one removes the consumer. */
  synchronized void leave(String address, BridgeSocket socket) {
    if (socket.removeAddress(address)) {
      remove(address, socket);
    }
  }

  /** Removes the socket from every address it is registered for (on close). */
  synchronized void leaveAll(BridgeSocket socket) {
    for (String address : socket.takeAddresses()) {
      remove(address, socket);
    }
  }

  /** Sockets registered for {@code address} on this node (tests). */
  synchronized int members(String address) {
    Topic topic = topics.get(address);
    return topic == null ? 0 : topic.members;
  }

  private void remove(String address, BridgeSocket socket) {
    Topic topic = topics.get(address);
    if (topic == null) {
      return;
    }
    Set<BridgeSocket> loop = topic.byLoop.get(socket.context);
    if (loop != null && loop.remove(socket)) {
      topic.members--;
      if (loop.isEmpty()) {
        topic.byLoop.remove(socket.context);
      }
    }
    if (topic.members == 0) {
      topics.remove(address);
      topic.consumer.unregister();
    }
  }

  private void deliver(String address, Topic topic, Message<Object> message) {
    Buffer frame = frame(address, message).toBuffer();
    Context current = ((ContextInternal) Vertx.currentContext()).unwrap();
    topic.byLoop.forEach((loop, sockets) -> {
      if (loop == current) {
        writeAll(sockets, frame);
      } else {
        loop.runOnContext(v -> writeAll(sockets, frame));
      }
    });
  }

  private void writeAll(Set<BridgeSocket> sockets, Buffer frame) {
    long now = System.currentTimeMillis();
    for (BridgeSocket socket : sockets) {
      if (socket.closing()) {
        continue;
      }
      if (socket.expiredAt(now)) {
        slow.accept(socket); // the last line: nothing leaves after the token's expiry
      } else if (socket.socket.writeQueueFull()) {
        LOG.info("closing eventbus socket of {}: its client is not reading", socket.user.id());
        slow.accept(socket);
      } else {
        socket.socket.write(frame);
      }
    }
  }

  /** The bridge protocol's frame, as the Vert.x SockJS bridge builds it. */
  static JsonObject frame(String address, Message<Object> message) {
    JsonObject frame = new JsonObject().put("type", "rec").put("address", address).put("body", message.body());
    MultiMap headers = message.headers();
    if (headers != null && !headers.isEmpty()) {
      JsonObject copy = new JsonObject();
      for (String name : headers.names()) {
        List<String> values = headers.getAll(name);
        copy.put(name, values.size() == 1 ? values.get(0) : values);
      }
      frame.put("headers", copy);
    }
    return frame;
  }
}
