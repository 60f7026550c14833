package io.switchboard.sim;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs TwiML for a call, verb after verb, as Twilio's TwiML docs describe each verb. A document
 * that runs out of verbs ends the call. Whatever the application returns, the simulator does not
 * crash: a failed request or a bad document is logged with the document and ends the call the way
 * Twilio does (it says "an application error has occurred" and hangs up), after trying the
 * number's fallback URL when it was the voice URL that failed.
 */
final class TwimlRunner {
  private static final Logger LOG = LoggerFactory.getLogger(TwimlRunner.class);
  static final String APPLICATION_ERROR = "We are sorry, an application error has occurred. Goodbye.";
  /** Twilio's {@code loop="0"} repeats "indefinitely"; it documents that as 1000 times. */
  static final int FOREVER = 1000;
  /** How long one {@code <Play>} of a media file lasts (the simulator does not fetch media). */
  static final Duration PLAY_LENGTH = Duration.ofSeconds(5);
  /** Only these may run at a conference's waitUrl (Twilio error 13238). */
  static final Set<String> HOLD_VERBS = Set.of("Say", "Play", "Pause", "Redirect");
  /** What a {@code <Client url>}/{@code <Number url>} document may do to the dialed party before the bridge. */
  static final Set<String> SCREEN_VERBS = Set.of("Say", "Play", "Pause", "Redirect", "Hangup");

  private final Exchange ex;

  TwimlRunner(Exchange ex) {
    this.ex = ex;
  }

  /** A new call's first request: the voice URL, then the fallback URL if that fails. */
  void startVoice(SimCall call, URI voiceUrl, String method, URI fallbackUrl) {
    startVoice(call, voiceUrl, method, fallbackUrl, Map.of());
  }

  /** Like {@link #startVoice(SimCall, URI, String, URI)}, with parameters of the first request only. */
  void startVoice(SimCall call, URI voiceUrl, String method, URI fallbackUrl, Map<String, String> extra) {
    Interrupt it = call.interrupt;
    if (voiceUrl == null) {
      applicationError(call, new TwimlException(11200, "the number " + call.to() + " has no voice URL"), null, it);
      return;
    }
    fetchDocument(call, "voice", voiceUrl, method, extra)
        .recover(error -> {
          if (fallbackUrl == null || it.cancelled()) {
            return Future.failedFuture(error);
          }
          Map<String, String> params = new LinkedHashMap<>();
          params.put("ErrorCode", Integer.toString(code(error)));
          params.put("ErrorUrl", voiceUrl.toString());
          return fetchDocument(call, "fallback", fallbackUrl, "POST", params)
              .map(doc -> new Document(doc.verbs(), fallbackUrl));
        })
        .onSuccess(doc -> runVerbs(call, doc.verbs(), 0, doc.url(), it))
        .onFailure(error -> applicationError(call, error, null, it));
  }

  /** Requests {@code url} and runs the TwiML it returns. */
  Future<Void> fetchAndRun(SimCall call, String kind, URI url, String method, Map<String, String> extra,
      Interrupt it) {
    return fetchAndRun(call, kind, url, method, extra, it, false);
  }

  /**
   * Screens a dialed leg that answered ({@code <Client url>}, {@code <Number url>}): requests
   * {@code url} with the leg's parameters and runs the document on that leg only. Completes when
   * the document is over; unlike a call's own document, running out of verbs leaves the leg up (the
   * Dial then bridges it). A failed request or a bad document is an application error on this leg.
   */
  Future<Void> screen(SimCall leg, URI url, String method, Interrupt it) {
    return fetchAndRun(leg, "screen", url, method, Map.of(), it, true);
  }

  private Future<Void> fetchAndRun(SimCall call, String kind, URI url, String method, Map<String, String> extra,
      Interrupt it, boolean screening) {
    return fetchDocument(call, kind, url, method, extra)
        .compose(doc -> runVerbs(call, doc.verbs(), 0, url, it, screening))
        .recover(error -> {
          applicationError(call, error, null, it);
          return Future.succeededFuture();
        });
  }

  /** Runs a REST update's inline {@code Twiml}. */
  void runInline(SimCall call, String twiml, Interrupt it) {
    List<TwimlNode> verbs;
    try {
      verbs = TwimlParser.parse(twiml);
    } catch (TwimlException e) {
      applicationError(call, e, twiml, it);
      return;
    }
    runVerbs(call, verbs, 0, null, it);
  }

  record Document(List<TwimlNode> verbs, URI url) {}

  Future<Document> fetchDocument(SimCall call, String kind, URI url, String method, Map<String, String> extra) {
    Map<String, String> params = ex.callParams(call);
    params.putAll(extra);
    return ex.webhooks().fetchTwiml(call, kind, url, method, params).compose(body -> {
      try {
        return Future.succeededFuture(new Document(TwimlParser.parse(body), url));
      } catch (TwimlException e) {
        LOG.warn("call {}: bad TwiML from {} ({}): {}\n{}", call.sid(), url, e.code(), e.getMessage(), body);
        return Future.failedFuture(new DocumentException(e, body));
      }
    });
  }

  /** A TwiML failure that carries the document that caused it. */
  static final class DocumentException extends RuntimeException {
    final TwimlException cause;
    final String document;

    DocumentException(TwimlException cause, String document) {
      super(cause.getMessage(), cause);
      this.cause = cause;
      this.document = document;
    }
  }

  Future<Void> runVerbs(SimCall call, List<TwimlNode> verbs, int index, URI docUrl, Interrupt it) {
    return runVerbs(call, verbs, index, docUrl, it, false);
  }

  private Future<Void> runVerbs(SimCall call, List<TwimlNode> verbs, int index, URI docUrl, Interrupt it,
      boolean screening) {
    if (it.cancelled() || !call.isLive()) {
      return Future.succeededFuture();
    }
    if (index >= verbs.size() && screening) {
      return Future.succeededFuture();
    }
    if (index >= verbs.size()) {
      // Twilio: when a document runs out of verbs (and no action moved the call on), the call ends.
      ex.answer(call);
      ex.end(call, "completed");
      return Future.succeededFuture();
    }
    Future<Step> step;
    try {
      if (screening && !SCREEN_VERBS.contains(verbs.get(index).name())) {
        throw new TwimlException(12200, "<" + verbs.get(index).name() + "> is not allowed before a dialed party is connected");
      }
      step = execute(call, verbs.get(index), docUrl, it);
    } catch (TwimlException e) {
      step = Future.failedFuture(e);
    }
    return step.compose(next -> {
      if (next == Step.CONTINUE) {
        return runVerbs(call, verbs, index + 1, docUrl, it, screening);
      }
      if (next.isFetch() && !it.cancelled() && call.isLive()) {
        return fetchAndRun(call, next.kind(), next.url(), next.method(), next.params(), it, screening);
      }
      return Future.<Void>succeededFuture();
    }).recover(error -> {
      applicationError(call, error, null, it);
      return Future.succeededFuture();
    });
  }

  private Future<Step> execute(SimCall call, TwimlNode verb, URI docUrl, Interrupt it) {
    return switch (verb.name()) {
      case "Say", "Play", "Pause", "Redirect" -> media(call, verb, docUrl, it);
      case "Hangup" -> {
        call.record("hangup", new JsonObject());
        ex.answer(call);
        ex.end(call, "completed");
        yield Future.succeededFuture(Step.STOP);
      }
      case "Reject" -> reject(call, verb);
      case "Dial" -> new DialVerb(ex, call, verb, docUrl, it).run();
      case "Record" -> new RecordVerb(ex, call, verb, docUrl, it).run();
      case "Gather" -> new GatherVerb(ex, call, verb, docUrl, it).run();
      default -> throw new TwimlException(12200, "unsupported verb <" + verb.name() + ">");
    };
  }

  /**
   * Twilio's {@code <Reject>}: the call is never answered and ends busy ({@code reason="busy"}) or
   * no-answer (the default {@code reason="rejected"}); on a call already answered it just hangs up.
   */
  private Future<Step> reject(SimCall call, TwimlNode verb) {
    String reason = verb.attr("reason", "rejected");
    call.record("rejected", new JsonObject().put("reason", reason));
    if (call.answeredAt() != null) {
      ex.end(call, "completed");
    } else {
      ex.end(call, "busy".equals(reason) ? "busy" : "no-answer");
    }
    return Future.succeededFuture(Step.STOP);
  }

  /** Say, Play, Pause and Redirect: what the main document and a conference's waitUrl may both use. */
  Future<Step> media(SimCall call, TwimlNode verb, URI docUrl, Interrupt it) {
    switch (verb.name()) {
      case "Say" -> {
        ex.answer(call);
        int loops = loops(verb);
        return repeat(loops, it, () -> {
          call.record("say", new JsonObject().put("text", verb.text()).put("voice", verb.attr("voice", "man")));
          return ex.clock().sleep(sayLength(verb.text()), it);
        });
      }
      case "Play" -> {
        if (verb.text().isBlank() && verb.attr("digits", null) == null) {
          throw new TwimlException(12200, "<Play> has no URL");
        }
        ex.answer(call);
        return repeat(loops(verb), it, () -> {
          call.record("play", new JsonObject().put("url", verb.text()));
          return ex.clock().sleep(PLAY_LENGTH, it);
        });
      }
      case "Pause" -> {
        // Twilio: a <Pause> first in the document delays answering the call; so no answer() here.
        int length = verb.intAttr("length", 1, 0, 3600);
        call.record("pause", new JsonObject().put("length", length));
        return ex.clock().sleep(Duration.ofSeconds(length), it).map(Step.CONTINUE);
      }
      case "Redirect" -> {
        if (verb.text().isBlank()) {
          throw new TwimlException(12200, "<Redirect> has no URL");
        }
        return Future.succeededFuture(Step.fetch("redirect", resolve(docUrl, verb.text()),
            verb.attr("method", "POST").toUpperCase(), Map.of()));
      }
      default -> throw new TwimlException(12200, "<" + verb.name() + "> is not a media verb");
    }
  }

  private static int loops(TwimlNode verb) {
    int loop = verb.intAttr("loop", 1, 0, FOREVER);
    return loop == 0 ? FOREVER : loop;
  }

  private Future<Step> repeat(int times, Interrupt it, Supplier<Future<Void>> once) {
    if (times <= 0 || it.cancelled()) {
      return Future.succeededFuture(it.cancelled() ? Step.STOP : Step.CONTINUE);
    }
    return once.get().compose(v -> repeat(times - 1, it, once));
  }

  /** Roughly how long text-to-speech takes: 0.4 s a word, at least a second. */
  static Duration sayLength(String text) {
    long words = text.isBlank() ? 0 : text.trim().split("\\s+").length;
    return Duration.ofMillis(Math.max(1_000, words * 400));
  }

  /** A URL in TwiML, relative ones resolved against the document's URL (Twilio docs, "action"). */
  static URI resolve(URI docUrl, String reference) {
    try {
      URI ref = new URI(reference.trim());
      if (ref.isAbsolute()) {
        return ref;
      }
      if (docUrl == null) {
        throw new TwimlException(12200, "relative URL '" + reference + "' in a document without a URL");
      }
      return docUrl.resolve(ref);
    } catch (URISyntaxException e) {
      throw new TwimlException(12200, "invalid URL '" + reference + "'");
    }
  }

  static int code(Throwable error) {
    if (error instanceof DocumentException d) {
      return d.cause.code();
    }
    return error instanceof TwimlException t ? t.code() : 11200;
  }

  /**
   * Twilio's answer to an application failure: the caller hears "an application error has
   * occurred" and the call ends. Logged with the offending document.
   */
  void applicationError(SimCall call, Throwable error, String document, Interrupt it) {
    if (it.cancelled() || !call.isLive()) {
      return;
    }
    String doc = error instanceof DocumentException d ? d.document : document;
    LOG.warn("call {}: application error {}: {}{}", call.sid(), code(error), error.getMessage(),
        doc == null ? "" : "\n" + doc);
    call.record("application-error", new JsonObject().put("code", code(error)).put("message", error.getMessage())
        .put("document", doc));
    ex.answer(call);
    call.record("say", new JsonObject().put("text", APPLICATION_ERROR));
    ex.end(call, "completed");
  }
}
