package dev.tracekit.core.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Assumptions;

/**
 * Test guard for loopback services (PostgreSQL, MariaDB, Redis, RabbitMQ): a test that needs one
 * skips with a clear message when it is absent, except under {@code CI=true}, where it fails.
 */
public final class Services {
  private Services() {}

  /** True when running in CI, where every service-backed test must run. */
  public static boolean inCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /** Whether something listens on 127.0.0.1:port. */
  public static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Skips the calling test (or fails it under CI=true) unless the named service listens on
   * 127.0.0.1:port.
   */
  public static void require(String name, int port) {
    if (listening(port)) {
      return;
    }
    String message =
        name
            + " is not reachable on 127.0.0.1:"
            + port
            + " (start it, or see .ci/services.sh); this test needs a real "
            + name;
    if (inCi()) {
      throw new AssertionError("CI=true and " + message);
    }
    Assumptions.abort("skipped: " + message);
  }
}
