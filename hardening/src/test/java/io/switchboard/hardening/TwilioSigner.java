package io.switchboard.hardening;

import io.switchboard.sim.TwilioSignature;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Signs webhooks as Twilio does (HMAC-SHA1 of the URL and the sorted form parameters) and posts them. */
final class TwilioSigner {
  private TwilioSigner() {}

  static String sign(String authToken, String url, Map<String, String> params) {
    return TwilioSignature.sign(authToken, url, params);
  }

  static String form(Map<String, String> params) {
    StringBuilder body = new StringBuilder();
    params.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&")
        .append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
        .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return body.toString();
  }

  /** POSTs {@code params} to {@code pathAndQuery} with {@code signature} (null: no header) and extra headers. */
  static Api.Reply post(Api api, String pathAndQuery, Map<String, String> params, String signature,
      Map<String, String> extraHeaders) {
    Map<String, String> headers = new HashMap<>(extraHeaders);
    headers.put("Content-Type", "application/x-www-form-urlencoded");
    if (signature != null) {
      headers.put("X-Twilio-Signature", signature);
    }
    return api.call(HttpMethod.POST, pathAndQuery, headers, Buffer.buffer(form(params)));
  }
}
