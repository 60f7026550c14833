package io.switchboard.bridge.live;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
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
 * <p>The consumers run on one ordered worker context of their own, not on the sockets' event loop:
 * a write from another thread leaves the WebSocket framing and the buffer copy to that thread and
 * queues only the socket write on the event loop, so the loop that owns the sockets (one loop for
 * every socket of a server started outside a verticle) spends its time on the sockets alone. The
 * context runs one message at a time and queues each socket's writes in publish order. A socket
 * with more than {@link #MAX_QUEUED_BYTES} unwritten (a client that stopped reading) is handed to {@code slow} to be closed
 * instead of buffering without bound; the others are not held up by it.
 */
public final class BoardFanout {
  private static final Logger LOG = LoggerFactory.getLogger(BoardFanout.class);
  /**
   * Bytes written to a socket and not yet handed to its TCP connection beyond which the client is
   * taken to have stopped reading (about 15 s of a busy board). Counted here rather than asked of
   * {@code writeQueueFull()}, which also reports writes merely queued from this thread to the loop.
   */
  static final int MAX_QUEUED_BYTES = 1024 * 1024;

  /** The sockets of one address on this node and the node's one consumer of it. */
  private static final class Topic {
    final Set<BridgeSocket> sockets = ConcurrentHashMap.newKeySet();
    /** Set and cleared on the delivery context only. */
    MessageConsumer<Object> consumer;
    /** Whether the consumer's registration has completed (messages published from now on arrive). */
    volatile boolean ready;
  }

  private final Vertx vertx;
  private final Consumer<BridgeSocket> slow;
  private final Context delivery;
  private final Map<String, Topic> topics = new ConcurrentHashMap<>();

  private BoardFanout(Vertx vertx, Consumer<BridgeSocket> slow, Context delivery) {
    this.vertx = vertx;
    this.slow = slow;
    this.delivery = delivery;
  }

  /**
   * A fan-out with its delivery context: the context of a worker verticle deployed for it, the
   * public way to own an ordered worker context (it is undeployed with the Vert.x instance).
   */
  static Future<BoardFanout> start(Vertx vertx, Consumer<BridgeSocket> slow) {
    DeliveryContext owner = new DeliveryContext();
    return vertx.deployVerticle(owner, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER))
        .map(id -> new BoardFanout(vertx, slow, owner.context()));
  }

  /** A verticle with nothing to do but lend its ordered worker context to the consumers. */
  private static final class DeliveryContext extends VerticleBase {
    Context context() {
      return context;
    }
  }

  /** Adds the socket to {@code address} (already checked to be its own); the first one creates the consumer. */
  synchronized void join(String address, BridgeSocket socket) {
    if (!socket.addAddress(address)) {
      return; // registered already: one frame per message, as before
    }
    Topic topic = topics.get(address);
    if (topic == null) {
      Topic created = new Topic();
      topics.put(address, created);
      // Scheduled under the lock, so a topic's register always runs before its unregister.
      delivery.runOnContext(v -> {
        created.consumer = vertx.eventBus().consumer(address, message -> deliver(address, created, message));
        created.consumer.completion().onSuccess(done -> created.ready = true);
      });
      topic = created;
    }
    topic.sockets.add(socket);
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

  /** Sockets registered for {@code address} on this node once its consumer is in place (tests). */
  synchronized int members(String address) {
    Topic topic = topics.get(address);
    return topic == null || !topic.ready ? 0 : topic.sockets.size();
  }

  private void remove(String address, BridgeSocket socket) {
    Topic topic = topics.get(address);
    if (topic != null && topic.sockets.remove(socket) && topic.sockets.isEmpty()) {
      topics.remove(address);
      delivery.runOnContext(v -> topic.consumer.unregister());
    }
  }

  private void deliver(String address, Topic topic, Message<Object> message) {
    Buffer frame = frame(address, message).toBuffer();
    long now = System.currentTimeMillis();
    for (BridgeSocket socket : topic.sockets) {
      if (socket.closing()) {
        continue;
      }
      if (socket.expiredAt(now)) {
        slow.accept(socket); // the last line: nothing leaves after the token's expiry
      } else if (!socket.queued(frame.length(), MAX_QUEUED_BYTES)) {
        LOG.info("closing eventbus socket of {}: its client is not reading", socket.user.id());
        slow.accept(socket);
      } else {
        int bytes = frame.length();
        socket.socket.write(frame).onComplete(ar -> socket.written(bytes));
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
