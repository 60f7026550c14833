package io.switchboard.sim;

import java.net.URI;
import java.util.Map;

/** What a verb tells the runner to do next: go on, stop, or request another document. */
record Step(String kind, URI url, String method, Map<String, String> params) {
  static final Step CONTINUE = new Step("continue", null, null, Map.of());
  static final Step STOP = new Step("stop", null, null, Map.of());

  /** Request {@code url} (a Redirect, a Dial/Record action) and run what it returns. */
  static Step fetch(String kind, URI url, String method, Map<String, String> params) {
    return new Step(kind, url, method, params);
  }

  boolean isFetch() {
    return url != null;
  }
}
