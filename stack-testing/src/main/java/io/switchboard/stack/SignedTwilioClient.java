package io.switchboard.stack;

import io.switchboard.common.http.OnContext;
import io.switchboard.sim.TwilioSignature;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A test client that posts webhooks exactly as Twilio signs them (HMAC-SHA1 of the public URL and
 * the sorted form parameters, keyed by the auth token), so a test can replay or forge a webhook.
 */
public final class SignedTwilioClient {
  private final Vertx vertx;
  private final HttpClient client;
  private final String authToken;
  private final String publicBase;
  private final int port;

  public SignedTwilioClient(Vertx vertx, String authToken, String publicBase, int port) {
    this.vertx = vertx;
    this.client = vertx.createHttpClient();
    this.authToken = authToken;
    this.publicBase = publicBase;
    this.port = port;
  }

  public static String sign(String authToken, String url, Map<String, String> params) {
    return TwilioSignature.sign(authToken, url, params);
  }

  /** A response: status and body. */
  public record Response(int status, String contentType, String body) {}

  /** POSTs {@code params} to {@code pathAndQuery}, signed correctly. */
  public Response post(String pathAndQuery, Map<String, String> params) {
    return post(pathAndQuery, params, sign(authToken, publicBase + pathAndQuery, params));
  }

  /** POSTs with the given signature header (null: none). */
  public Response post(String pathAndQuery, Map<String, String> params, String signature) {
    StringBuilder body = new StringBuilder();
    params.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&")
        .append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
        .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return postRaw(pathAndQuery, body.toString(), signature);
  }

  public Response postRaw(String pathAndQuery, String body, String signature) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
        .setURI(pathAndQuery).putHeader("Content-Type", "application/x-www-form-urlencoded");
    if (signature != null) {
      options.putHeader("X-Twilio-Signature", signature);
    }
    return OnContext.run(vertx, () -> client.request(options)
        .compose(req -> req.send(body))
        .compose(resp -> resp.body().map(b -> new Response(resp.statusCode(), resp.getHeader("Content-Type"),
            b.toString()))))
        .timeout(30, TimeUnit.SECONDS)
        .await();
  }
}
