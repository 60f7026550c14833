package io.switchboard.sim;

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
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every request the simulator makes to the application, made as Twilio makes it (Twilio docs,
 * "Webhooks": form POST, or GET with the parameters in the query; {@code X-Twilio-Signature};
 * at most 15 s for an answer; one retry when the connection cannot be made).
 */
final class Webhooks {
  private static final Logger LOG = LoggerFactory.getLogger(Webhooks.class);

  /** What the application answered. */
  record Reply(int status, String body, String contentType) {}

  /**
   * Twilio's connect timeout for a webhook. The webhook timeouts are real time, not scaled with the
   * simulated clock: they bound the application's own work, which runs in real time (a test at scale
   * 0.01 would otherwise give a server starved of CPU a fraction of a second, and its caller an
   * application error Twilio would never have played).
   */
  static final long CONNECT_TIMEOUT_MILLIS = 5_000;

  private final HttpClient client;
  private final String authToken;
  private final long timeoutMillis;

  private final SimFaults faults;

  Webhooks(Vertx vertx, String authToken, Duration timeout, SimFaults faults) {
    this.faults = faults;
    this.client = vertx.createHttpClient(new HttpClientOptions()
        .setConnectTimeout((int) Math.min(CONNECT_TIMEOUT_MILLIS, timeout.toMillis()))
        .setKeepAlive(true), new PoolOptions().setHttp1MaxSize(64));
    this.authToken = authToken;
    this.timeoutMillis = timeout.toMillis();
  }

  /**
   * Requests TwiML for {@code call}; anything but a 2xx (or no answer in time) fails with
   * {@link TwimlException} 11200 (Twilio: "HTTP retrieval failure").
   */
  Future<String> fetchTwiml(SimCall call, String kind, URI url, String method, Map<String, String> params) {
    return send(url, method, params)
        .onComplete(ar -> call.record("webhook", describe(kind, url, method, ar.succeeded() ? ar.result().status() : -1)))
        .recover(t -> Future.failedFuture(new TwimlException(11200, kind + " " + url + ": " + t.getMessage())))
        .compose(reply -> reply.status() / 100 == 2 ? Future.succeededFuture(reply.body())
            : Future.failedFuture(new TwimlException(11200, kind + " " + url + " answered HTTP " + reply.status())));
  }

  /**
   * A notification whose answer does not matter (status callbacks, an action after a hang-up):
   * failures are logged, as Twilio only reports them in its debugger.
   */
  Future<Void> notify(SimCall call, String kind, URI url, String method, Map<String, String> params) {
    return send(url, method, params)
        .onComplete(ar -> {
          int status = ar.succeeded() ? ar.result().status() : -1;
          if (call != null) {
            call.record("webhook", describe(kind, url, method, status));
          }
          if (status / 100 != 2) {
            LOG.warn("{} {} failed: {}", kind, url, ar.succeeded() ? "HTTP " + status : ar.cause().toString());
          }
        })
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }

  private static JsonObject describe(String kind, URI url, String method, int status) {
    return new JsonObject().put("kind", kind).put("url", url.toString()).put("method", method)
        .put("httpStatus", status);
  }

  private Future<Reply> send(URI url, String method, Map<String, String> params) {
    if (faults.dropsWebhook(url)) {
      return Future.failedFuture(new ConnectException("webhook lost (injected): " + url));
    }
    return attempt(url, method, params)
        .recover(t -> t instanceof ConnectException ? attempt(url, method, params) : Future.failedFuture(t));
  }

  private Future<Reply> attempt(URI url, String method, Map<String, String> params) {
    boolean get = "GET".equalsIgnoreCase(method);
    String target = get ? withQuery(url.toString(), params) : url.toString();
    String signature = TwilioSignature.sign(authToken, target, get ? Map.of() : params);
    RequestOptions options = new RequestOptions().setAbsoluteURI(target).setMethod(get ? HttpMethod.GET : HttpMethod.POST)
        .putHeader("X-Twilio-Signature", signature)
        .putHeader("User-Agent", "TwilioProxy/1.1 (telephony-sim)")
        .putHeader("Accept", "*/*")
        .setIdleTimeout(timeoutMillis);
    return client.request(options)
        .compose(request -> {
          if (get) {
            return request.send();
          }
          request.putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
          return request.send(Buffer.buffer(encode(params)));
        })
        .compose(response -> response.body().map(body -> new Reply(response.statusCode(), body.toString(),
            response.getHeader("Content-Type"))))
        .timeout(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  static String withQuery(String url, Map<String, String> params) {
    if (params.isEmpty()) {
      return url;
    }
    return url + (url.contains("?") ? "&" : "?") + encode(params);
  }

  static String encode(Map<String, String> params) {
    StringJoiner joined = new StringJoiner("&");
    params.forEach((name, value) -> joined.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8)));
    return joined.toString();
  }

  static Map<String, String> toMap(MultiMap form) {
    Map<String, String> map = new TreeMap<>();
    form.forEach(e -> map.put(e.getKey(), e.getValue()));
    return map;
  }

  Future<Void> close() {
    return client.close();
  }
}
