package io.switchboard.common.twilio;

import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import io.switchboard.common.bus.FailureCode;
import io.switchboard.common.bus.Failures;
import io.switchboard.common.config.SwitchboardConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Twilio's REST API through the official SDK, off the event loop. The SDK blocks on HTTP, so each
 * call runs on a dedicated worker pool; Twilio's "not found" becomes 404 and anything else that
 * prevents the call (Twilio down, slow, 5xx, 429 too many requests) becomes 503, so callers can tell
 * the caller's call is gone from Twilio being unreachable. The failure's message never carries
 * Twilio's own text (it names the account SID and Twilio's internals, and a failure may reach a
 * browser); that is logged.
 */
public final class TwilioRest implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TwilioRest.class);
  private static final int NOT_FOUND = 20404;
  private static final int TOO_MANY_REQUESTS = 429;

  private final TwilioRestClient client;
  private final WorkerExecutor workers;

  private TwilioRest(TwilioRestClient client, WorkerExecutor workers) {
    this.client = client;
    this.workers = workers;
  }

  public static TwilioRest create(Vertx vertx, SwitchboardConfig.Twilio twilio) {
    return new TwilioRest(client(twilio), vertx.createSharedWorkerExecutor("twilio-rest", 16));
  }

  /** A blocking SDK client for the configured account and base URL (also used by tests). */
  public static TwilioRestClient client(SwitchboardConfig.Twilio twilio) {
    if (twilio.accountSid() == null || twilio.authToken() == null) {
      throw new IllegalStateException("TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are required for the REST API");
    }
    return new TwilioRestClient.Builder(twilio.accountSid(), twilio.authToken())
        .httpClient(new BaseUrlHttpClient(twilio.apiBaseUrl().toString()))
        .build();
  }

  public TwilioRestClient client() {
    return client;
  }

  /** Runs one SDK call, e.g. {@code rest.call(c -> Call.fetcher(sid).fetch(c))}. */
  public <T> Future<T> call(Function<TwilioRestClient, T> request) {
    return workers.<T>executeBlocking(() -> request.apply(client), false)
        .recover(t -> Future.failedFuture(translate(t)));
  }

  static Throwable translate(Throwable t) {
    LOG.warn("Twilio REST request failed: {}", t.toString());
    if (t instanceof ApiException api) {
      Integer code = api.getCode();
      Integer status = api.getStatusCode();
      if ((code != null && code == NOT_FOUND) || (status != null && status == 404)) {
        return Failures.of(FailureCode.NOT_FOUND, "Twilio does not know this call");
      }
      // Too many requests at once (Twilio's concurrency limit): nothing was done, try again later.
      if (status != null && status == TOO_MANY_REQUESTS) {
        return Failures.unavailable("Twilio is busy (429)");
      }
      if (status != null && status >= 400 && status < 500) {
        return Failures.of(FailureCode.CONFLICT, "Twilio refused the request");
      }
    }
    return Failures.unavailable("Twilio is unavailable");
  }

  @Override
  public void close() {
    workers.close();
  }
}
