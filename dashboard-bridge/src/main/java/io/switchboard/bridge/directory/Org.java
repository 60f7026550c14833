package io.switchboard.bridge.directory;

import io.switchboard.common.contract.OrgView;

/** One organization row with its per-org call settings (null: the process default). */
public record Org(String id, String name, Integer wrapUpSeconds, Integer parkTimeoutSeconds, String holdMusicUrl,
    Integer maxMissedRings) {

  /** An org without a missed-rings limit of its own. */
  public Org(String id, String name, Integer wrapUpSeconds, Integer parkTimeoutSeconds, String holdMusicUrl) {
    this(id, name, wrapUpSeconds, parkTimeoutSeconds, holdMusicUrl, null);
  }

  OrgView toView() {
    return new OrgView(id, name, wrapUpSeconds, parkTimeoutSeconds, holdMusicUrl, maxMissedRings);
  }
}
