package io.switchboard.clusterit;

/** Reads a process's /metrics text. */
final class Prometheus {
  private Prometheus() {}

  /** The sum of a Prometheus metric's samples whose labels contain {@code labels}. */
  static double sum(String prometheus, String metric, String labels) {
    double total = 0;
    for (String line : prometheus.split("\n")) {
      if ((line.startsWith(metric + "{") || line.startsWith(metric + " ")) && line.contains(labels)) {
        total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return total;
  }
}
