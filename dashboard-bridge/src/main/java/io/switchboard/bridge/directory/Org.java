package io.switchboard.bridge.directory;

import io.switchboard.common.contract.OrgView;

/** One organization row with its per-org call settings (null: the process default). */
public record Org(String id, String name, Integer wrapUpSeconds, Integer parkTimeoutSeconds, String holdMusicUrl) {

  OrgView toView() {
    return new OrgView(id, name, wrapUpSeconds, parkTimeoutSeconds, holdMusicUrl);
  }
}
