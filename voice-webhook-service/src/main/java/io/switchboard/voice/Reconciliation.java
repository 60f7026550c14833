package io.switchboard.voice;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the reconciliation with Twilio soon after start and then every interval: lost final call
 * statuses ({@link CallReconciler}), then lost voicemails ({@link VoicemailRecovery}). One pass at a
 * time per instance; a failed pass (PostgreSQL or Twilio down) is logged and the next one retries.
 */
final class Reconciliation {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciliation.class);
  /**
   * The first pass waits this long after start (or one interval, if shorter): the services it asks
   * are deployed by then, and a process that starts and stops at once (the demo tried once, a pod
   * replaced straight away) does no Twilio work it would have to abandon while stopping.
   */
  static final long FIRST_PASS_DELAY_MS = 10_000;
  /**
   * A pass is given up after this (twice the interval, at least): a statement sent just before
   * PostgreSQL vanished may never be answered, and a pass that never ends would stop them all.
   */
  static final Duration MIN_PASS_TIMEOUT = Duration.ofSeconds(10);

  private final Vertx vertx;
  private final Duration every;
  private final CallReconciler calls;
  private final VoicemailRecovery voicemails;
  /**
   * Passes in a row that failed. One failed pass is routine (Twilio or a service briefly away, a
   * process starting or stopping) and is logged as information; a failure that persists is a warning.
   */
  static final int WARN_AFTER_FAILED_PASSES = 3;

  private boolean running;
  private int failedPasses;

  Reconciliation(Vertx vertx, Duration every, CallReconciler calls, VoicemailRecovery voicemails) {
    this.vertx = vertx;
    this.every = every;
    this.calls = calls;
    this.voicemails = voicemails;
  }

  void start() {
    vertx.setTimer(Math.min(FIRST_PASS_DELAY_MS, every.toMillis()), id -> run());
    vertx.setPeriodic(every.toMillis(), id -> run());
  }

  private void run() {
    if (running) {
      return;
    }
    running = true;
    long timeoutMs = Math.max(MIN_PASS_TIMEOUT.toMillis(), 2 * every.toMillis());
    calls.pass().timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .onSuccess(ended -> {
          if (ended > 0) {
            LOG.info("reconciliation ended {} call(s) that were over at Twilio", ended);
          }
        })
        .onFailure(t -> failed("call reconciliation", t))
        .transform(ar -> voicemails.pass().timeout(timeoutMs, TimeUnit.MILLISECONDS))
        .onSuccess(recovered -> {
          if (recovered > 0) {
            LOG.info("reconciliation recovered {} voicemail(s) from Twilio's recordings", recovered);
          }
        })
        .onFailure(t -> failed("voicemail recovery", t))
        .onComplete(ar -> {
          running = false;
          failedPasses = ar.succeeded() ? 0 : failedPasses + 1;
        });
  }

  private void failed(String what, Throwable t) {
    if (failedPasses + 1 >= WARN_AFTER_FAILED_PASSES) {
      LOG.warn("{} failed ({} passes in a row), will retry: {}", what, failedPasses + 1, t.toString());
    } else {
      LOG.info("{} failed, will retry: {}", what, t.toString());
    }
  }
}
