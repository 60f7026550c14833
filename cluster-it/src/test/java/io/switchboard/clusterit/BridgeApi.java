package io.switchboard.clusterit;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The dashboard-bridge's HTTP API as the test's agents use it. Like the web UI, a caller retries
 * a 503 (the service behind the bridge was unavailable, e.g. its node just died) until a deadline;
 * every retry and every answer is counted.
 */
final class BridgeApi {
  private static final Duration RETRY_FOR = Duration.ofSeconds(15);
  private static final long RETRY_PAUSE_MS = 100;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final String base;
  private final int port;
  final AtomicLong requests = new AtomicLong();
  final AtomicLong retried503 = new AtomicLong();
  /** Requests that still had no answer but 503 when the retry deadline passed, or failed otherwise. */
  final AtomicLong unanswered = new AtomicLong();

  BridgeApi(int port) {
    this.base = "http://127.0.0.1:" + port;
    this.port = port;
  }

  int port() {
    return port;
  }

  record Reply(int status, JsonObject body) {}

  Reply get(String token, String path) {
    return send(token, "GET", path, null);
  }

  Reply post(String token, String path, JsonObject body) {
    return send(token, "POST", path, body);
  }

  Reply put(String token, String path, JsonObject body) {
    return send(token, "PUT", path, body);
  }

  /** One request, retried while it answers 503; the last answer. */
  Reply send(String token, String method, String path, JsonObject body) {
    requests.incrementAndGet();
    long deadline = System.nanoTime() + RETRY_FOR.toNanos();
    while (true) {
      Reply reply = once(token, method, path, body);
      if (reply.status() != 503) {
        return reply;
      }
      if (System.nanoTime() > deadline) {
        unanswered.incrementAndGet();
        return reply;
      }
      retried503.incrementAndGet();
      try {
        Thread.sleep(RETRY_PAUSE_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return reply;
      }
    }
  }

  private Reply once(String token, String method, String path, JsonObject body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + token)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      String text = response.body();
      return new Reply(response.statusCode(), text == null || text.isBlank() ? new JsonObject() : new JsonObject(text));
    } catch (IOException e) {
      // The bridge process is up for the whole run: an I/O error is a failure, not a retry.
      unanswered.incrementAndGet();
      return new Reply(-1, new JsonObject().put("error", e.toString()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Reply(-1, new JsonObject().put("error", "interrupted"));
    }
  }
}
