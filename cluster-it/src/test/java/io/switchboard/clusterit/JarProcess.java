package io.switchboard.clusterit;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Switchboard process started from the real shaded jar (as launcher's own JarProcess does),
 * with its own environment and HTTP port, killed with SIGKILL or stopped with SIGTERM like a pod.
 */
final class JarProcess implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  final String name;
  final int port;
  private final Process process;
  private final Path out;
  private final Path err;

  private JarProcess(String name, int port, Process process, Path out, Path err) {
    this.name = name;
    this.port = port;
    this.process = process;
    this.out = out;
    this.err = err;
  }

  /** Starts {@code java -jar switchboard.jar <args>} with exactly {@code env} as Switchboard's settings. */
  static JarProcess start(String name, Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Small heaps and the quick JIT: five JVMs share two cores with everyone else.
    command.addAll(List.of("-Xmx200m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k",
        "--add-modules", "java.se", "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens", "java.management/sun.management=ALL-UNNAMED",
        "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
        "-jar", System.getProperty("switchboard.jar")));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(k -> k.startsWith("SWITCHBOARD_") || k.startsWith("TWILIO_")
        || k.startsWith("SMTP_") || k.startsWith("SIM_"));
    builder.environment().putAll(env);
    Path out = Files.createTempFile("cluster-it-" + name, ".out");
    Path err = Files.createTempFile("cluster-it-" + name, ".err");
    builder.redirectOutput(out.toFile()).redirectError(err.toFile());
    int port = Integer.parseInt(env.get("SWITCHBOARD_HTTP_PORT"));
    return new JarProcess(name, port, builder.start(), out, err);
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for /health/ready to answer 200 (the node joined the cluster and reached PostgreSQL). */
  void awaitReady(Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + logs());
      }
      try {
        HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(URI.create(url("/health/ready")))
            .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
        if (ready.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError(name + " not ready within " + within + ":\n" + logs());
  }

  /** The Prometheus text of this process's /metrics. */
  String metrics() throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url("/metrics"))).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  /** {@code kill -9}: no shutdown hook, no goodbye to the cluster. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM, as Kubernetes sends it on a rolling restart. */
  void terminate() {
    process.destroy();
  }

  boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
    return process.waitFor(timeout, unit);
  }

  String stdout() throws IOException {
    return Files.readString(out);
  }

  /** Keeps this process's output under {@code dir} (the temp files go with {@link #close}). */
  void saveLogs(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.copy(out, dir.resolve(name + "-" + process.pid() + ".out"), StandardCopyOption.REPLACE_EXISTING);
    Files.copy(err, dir.resolve(name + "-" + process.pid() + ".err"), StandardCopyOption.REPLACE_EXISTING);
  }

  /** Lines of this process's output containing {@code text}. */
  long countLines(String text) throws IOException {
    return Files.readAllLines(out).stream().filter(l -> l.contains(text)).count();
  }

  String logs() {
    try {
      return "--- " + name + " stdout (tail):\n" + tail(Files.readString(out)) + "\n--- " + name + " stderr:\n"
          + tail(Files.readString(err));
    } catch (IOException e) {
      return e.toString();
    }
  }

  private static String tail(String text) {
    return text.length() > 6000 ? text.substring(text.length() - 6000) : text;
  }

  @Override
  public void close() throws IOException {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Files.deleteIfExists(out);
    Files.deleteIfExists(err);
  }
}
