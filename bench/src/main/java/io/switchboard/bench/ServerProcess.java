package io.switchboard.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A {@link BenchServer} child JVM on the same classpath, and its line protocol. */
public final class ServerProcess implements AutoCloseable {
  private static final List<String> JVM_FLAGS = List.of("--add-modules", "java.se",
      "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
      "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens", "java.management/sun.management=ALL-UNNAMED",
      "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED", "-XX:+UseG1GC");
  private final Process process;
  private final BufferedReader answers;
  private final PrintWriter commands;
  final int bridgePort;
  final int plainPort;
  final int stockPort;

  private ServerProcess(Process process) throws IOException {
    this.process = process;
    this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    String ready = answers.readLine();
    if (ready == null || !ready.startsWith("READY ")) {
      process.destroy();
      throw new IOException("bench server did not start: " + ready);
    }
    String[] parts = ready.split(" ");
    this.bridgePort = Integer.parseInt(parts[1]);
    this.plainPort = Integer.parseInt(parts[2]);
    this.stockPort = Integer.parseInt(parts[3]);
  }

  public static ServerProcess start(String pgUrl, String maxHeap) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_FLAGS);
    command.add("-Xmx" + maxHeap);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(BenchServer.class.getName());
    command.add(pgUrl);
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(logFile());
    return new ServerProcess(builder.start());
  }

  private static ProcessBuilder.Redirect logFile() {
    File log = new File(System.getProperty("java.io.tmpdir"), "switchboard-bench-server.log");
    return ProcessBuilder.Redirect.to(log);
  }

  /** Sends a command and returns its answer line (none for probes). */
  public synchronized String ask(String command) throws IOException {
    commands.println(command);
    return command.startsWith("probe") ? null : answers.readLine();
  }

  /** A probe delta to one side's clients: {@code probe}, {@code probe-plain} or {@code probe-stock}. */
  public void probe(String command) {
    try {
      ask(command);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public long heapAfterGc() throws IOException {
    String answer = ask("heap");
    if (answer == null || !answer.startsWith("HEAP ")) {
      throw new IOException("unexpected answer to heap: " + answer);
    }
    return Long.parseLong(answer.substring(5).trim());
  }

  @Override
  public void close() throws InterruptedException {
    commands.println("quit");
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
