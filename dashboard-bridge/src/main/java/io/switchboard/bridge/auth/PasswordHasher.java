package io.switchboard.bridge.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.switchboard.bridge.directory.DirectoryRules;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.charset.StandardCharsets;

/**
 * bcrypt password hashes. Hashing is deliberately slow CPU work, so it runs on a small dedicated
 * worker pool: never on an event loop, and a flood of logins cannot take every worker thread.
 */
public final class PasswordHasher implements AutoCloseable {
  /** About 100-200 ms per hash on a small server core; above OWASP's minimum of 10. */
  public static final int DEFAULT_COST = 11;
  private static final int WORKERS = 2;

  private final WorkerExecutor workers;
  private final int cost;
  /** Verified against when the account does not exist, so "unknown" and "wrong" take as long. */
  private final byte[] dummyHash;

  public PasswordHasher(Vertx vertx, int cost) {
    this.workers = vertx.createSharedWorkerExecutor("bridge-password-hashing", WORKERS);
    this.cost = cost;
    this.dummyHash = BCrypt.withDefaults().hash(cost, "not-a-real-password".toCharArray());
  }

  /** A hash to store (blocking; for the admin command, which runs off the event loop anyway). */
  public String hashBlocking(String password) {
    return BCrypt.withDefaults().hashToString(cost, password.toCharArray());
  }

  public Future<String> hash(String password) {
    return workers.executeBlocking(() -> hashBlocking(password), false);
  }

  /** True when {@code password} matches {@code hash}; a null hash is checked against a dummy and fails. */
  public Future<Boolean> verify(String password, String hash) {
    return workers.executeBlocking(() -> {
      if (hash == null || password.getBytes(StandardCharsets.UTF_8).length > DirectoryRules.MAX_PASSWORD_BYTES) {
        // No account, or a password no account can have: spend the same time, then refuse.
        BCrypt.verifyer().verify("x".repeat(Math.min(password.length(), 16)).toCharArray(), dummyHash);
        return false;
      }
      return BCrypt.verifyer().verify(password.toCharArray(), hash.getBytes(StandardCharsets.UTF_8)).verified;
    }, false);
  }

  @Override
  public void close() {
    workers.close();
  }
}
