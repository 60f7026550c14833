package io.switchboard.hardening;

import io.switchboard.common.http.OnContext;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A plain HTTP client of one Switchboard process: any method, headers and bytes, the raw answer back. */
public final class Api {
  /** No request of these runs may take longer than this (the services' own timeouts are shorter). */
  public static final long CLIENT_TIMEOUT_MS = 15_000;

  private final Vertx vertx;
  private final HttpClient client;
  private final int port;

  public Api(Vertx vertx, int port, int connections) {
    this.vertx = vertx;
    this.client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
        .setMaxInitialLineLength(64 * 1024).setMaxHeaderSize(64 * 1024),
        new PoolOptions().setHttp1MaxSize(connections));
    this.port = port;
  }

  public int port() {
    return port;
  }

  /** One answer: status, headers and body as text. */
  public record Reply(int status, MultiMap headers, String body, long millis) {
    public JsonObject json() {
      return new JsonObject(body);
    }

    public String contentType() {
      String type = headers.get("Content-Type");
      return type == null ? "" : type;
    }

    /** True when the body is the shared error shape {@code {error, message}}. */
    public boolean isErrorShape() {
      if (!contentType().startsWith("application/json")) {
        return false;
      }
      try {
        JsonObject json = json();
        return json.getValue("error") instanceof String && json.getValue("message") instanceof String;
      } catch (RuntimeException e) {
        return false;
      }
    }
  }

  /**
   * Sends. The request starts on a Vert.x context ({@link OnContext}): started from a plain thread
   * on a pooled keep-alive connection, Vert.x 5.0.10's client occasionally never completes it.
   */
  public Future<Reply> send(HttpMethod method, String uri, Map<String, String> headers, Buffer body) {
    return OnContext.run(vertx, () -> attempt(method, uri, headers, body));
  }

  private Future<Reply> attempt(HttpMethod method, String uri, Map<String, String> headers, Buffer body) {
    long start = System.nanoTime();
    RequestOptions options = new RequestOptions().setMethod(method).setURI(uri).setTimeout(CLIENT_TIMEOUT_MS);
    headers.forEach(options::putHeader);
    return client.request(options)
        .compose(req -> body == null ? req.send() : req.send(body))
        .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), resp.headers(), b.toString(),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))))
        // A hard bound of our own: a request that is never answered must fail, not hang the run.
        .timeout(CLIENT_TIMEOUT_MS + 1_000, TimeUnit.MILLISECONDS);
  }

  /** As {@link #send}, from a thread that may block (tests, the soak's driver threads). */
  public Reply call(HttpMethod method, String uri, Map<String, String> headers, Buffer body) {
    return send(method, uri, headers, body).await();
  }

  public Reply get(String uri, String token) {
    return call(HttpMethod.GET, uri, auth(token), null);
  }

  public Future<Reply> json(HttpMethod method, String uri, String token, JsonObject body) {
    Map<String, String> headers = new HashMap<>(auth(token));
    if (body != null) {
      headers.put("Content-Type", "application/json");
    }
    return send(method, uri, headers, body == null ? null : body.toBuffer());
  }

  /** Logs in; the token, or an exception naming the status. */
  public String login(Seed.User user) {
    Reply reply = json(HttpMethod.POST, "/api/login", null,
        new JsonObject().put("email", user.email()).put("password", user.password())).await();
    if (reply.status() != 200) {
      throw new IllegalStateException("login of " + user.id() + ": " + reply.status() + " " + reply.body());
    }
    return reply.json().getString("token");
  }

  static Map<String, String> auth(String token) {
    return token == null ? Map.of() : Map.of("Authorization", "Bearer " + token);
  }

  public void close() {
    client.close();
  }
}
