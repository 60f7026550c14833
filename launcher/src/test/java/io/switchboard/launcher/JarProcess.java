package io.switchboard.launcher;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The real launcher jar, started as a separate JVM with a controlled environment. */
final class JarProcess implements AutoCloseable {
  private final Process process;
  private final Path out;
  private final Path err;

  private JarProcess(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  static JarProcess start(Map<String, String> env, String... args) throws IOException {
    String jar = System.getProperty("switchboard.jar");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xmx256m", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
        "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "-jar", jar));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(k -> k.startsWith("SWITCHBOARD_") || k.startsWith("TWILIO_")
        || k.startsWith("SMTP_") || k.startsWith("SIM_"));
    builder.environment().putAll(env);
    Path out = Files.createTempFile("switchboard-out", ".log");
    Path err = Files.createTempFile("switchboard-err", ".log");
    builder.redirectOutput(out.toFile()).redirectError(err.toFile());
    return new JarProcess(builder.start(), out, err);
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
    return process.waitFor(timeout, unit);
  }

  int exitValue() {
    return process.exitValue();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGTERM, as Kubernetes sends it. */
  void terminate() {
    process.destroy();
  }

  String stdout() throws IOException {
    return Files.readString(out);
  }

  String stderr() throws IOException {
    return Files.readString(err);
  }

  @Override
  public void close() throws IOException {
    process.destroyForcibly();
    Files.deleteIfExists(out);
    Files.deleteIfExists(err);
  }
}
