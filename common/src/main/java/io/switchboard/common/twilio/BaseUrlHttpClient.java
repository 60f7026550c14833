package io.switchboard.common.twilio;

import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;

/**
 * The Twilio SDK's own HTTP client, sending to another base URL: {@code TWILIO_API_BASE_URL}
 * (telephony-sim in the demo and the tests). Production code is identical either way; only this
 * setting differs, and with the default it is a no-op.
 */
final class BaseUrlHttpClient extends NetworkHttpClient {
  static final String TWILIO_API = "https://api.twilio.com";

  private final String baseUrl;

  BaseUrlHttpClient(String baseUrl) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  @Override
  public Response makeRequest(Request request) {
    String url = request.getUrl();
    if (!url.startsWith(TWILIO_API) || TWILIO_API.equals(baseUrl)) {
      return super.makeRequest(request);
    }
    Request moved = new Request(request.getMethod(), baseUrl + url.substring(TWILIO_API.length()));
    request.getQueryParams().forEach((name, values) -> values.forEach(v -> moved.addQueryParam(name, v)));
    request.getPostParams().forEach((name, values) -> values.forEach(v -> moved.addPostParam(name, v)));
    request.getHeaderParams().forEach((name, values) -> values.forEach(v -> moved.addHeaderParam(name, v)));
    if (request.getAuthStrategy() != null) {
      moved.setAuth(request.getAuthStrategy());
    } else if (request.getUsername() != null) {
      moved.setAuth(request.getUsername(), request.getPassword());
    }
    if (request.getContentType() != null) {
      moved.setContentType(request.getContentType());
    }
    if (request.getBody() != null) {
      moved.setBody(request.getBody());
    }
    return super.makeRequest(moved);
  }
}
