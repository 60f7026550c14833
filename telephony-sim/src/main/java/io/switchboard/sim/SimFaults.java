package io.switchboard.sim;

import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fault injection for the REST API, so tests can see what Switchboard does when Twilio is slow or
 * failing (and for webhooks, which can be lost on the way to the application): the next matching requests are answered with an error status (Twilio's error JSON,
 * nothing done) or held for a while before being served normally. A rule matches a request whose
 * method is {@code method} (null: any) and whose path contains {@code pathPart}. Delays are wall
 * time, not simulated time: they stand for the network and Twilio's servers, not the call.
 */
public final class SimFaults {
  /** Twilio's "internal error" code, used for injected failures. */
  static final int INJECTED_ERROR_CODE = 20500;

  private record Rule(String method, String pathPart, int status, Duration delay, AtomicInteger remaining) {
    boolean matches(RoutingContext ctx) {
      return (method == null || method.equalsIgnoreCase(ctx.request().method().name()))
          && ctx.request().path().contains(pathPart);
    }
  }

  private final Vertx vertx;
  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final List<Rule> lostWebhooks = new CopyOnWriteArrayList<>();
  private final AtomicInteger injected = new AtomicInteger();

  SimFaults(Vertx vertx) {
    this.vertx = vertx;
  }

  /** The next {@code times} requests of {@code method} (null: any) to a path containing {@code pathPart} fail with {@code status}. */
  public SimFaults failNext(String method, String pathPart, int status, int times) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("an injected failure needs a 4xx or 5xx status");
    }
    rules.add(new Rule(method, pathPart, status, null, new AtomicInteger(times)));
    return this;
  }

  /** The next request to a path containing {@code pathPart} fails with {@code status}. */
  public SimFaults failNext(String pathPart, int status) {
    return failNext(null, pathPart, status, 1);
  }

  /** The next {@code times} requests of {@code method} (null: any) to {@code pathPart} are served only after {@code delay}. */
  public SimFaults delayNext(String method, String pathPart, Duration delay, int times) {
    rules.add(new Rule(method, pathPart, 0, delay, new AtomicInteger(times)));
    return this;
  }

  /**
   * The next {@code times} webhooks the simulator sends to a URL whose path is {@code path}
   * are lost on the way (the application never sees them; Twilio treats them as a failed
   * connection): the application being unreachable, or the network losing them.
   */
  public SimFaults loseWebhooks(String path, int times) {
    lostWebhooks.add(new Rule(null, path, 0, null, new AtomicInteger(times)));
    return this;
  }

  /** Forgets every rule not used up yet. */
  public void clear() {
    rules.clear();
    lostWebhooks.clear();
  }

  /** True if this webhook is to be lost (a {@link #loseWebhooks} rule took it). */
  boolean dropsWebhook(URI url) {
    for (Rule rule : lostWebhooks) {
      if (rule.pathPart().equals(url.getPath()) && rule.remaining().getAndDecrement() > 0) {
        if (rule.remaining().get() <= 0) {
          lostWebhooks.remove(rule);
        }
        injected.incrementAndGet();
        return true;
      }
    }
    return false;
  }

  /** How many requests were failed or delayed so far. */
  public int injected() {
    return injected.get();
  }

  /** The route handler in front of the REST API. */
  void apply(RoutingContext ctx) {
    for (Rule rule : rules) {
      if (rule.matches(ctx) && rule.remaining().getAndDecrement() > 0) {
        if (rule.remaining().get() <= 0) {
          rules.remove(rule);
        }
        injected.incrementAndGet();
        if (rule.delay() != null) {
          // Paused so the body waits for the body handler that runs after the delay.
          ctx.request().pause();
          vertx.setTimer(Math.max(1, rule.delay().toMillis()), id -> {
            ctx.request().resume();
            ctx.next();
          });
        } else {
          ctx.response().setStatusCode(rule.status()).putHeader("Content-Type", "application/json")
              .end(ResourceJson.error(INJECTED_ERROR_CODE, "injected failure", rule.status()).encode());
        }
        return;
      }
    }
    ctx.next();
  }
}
