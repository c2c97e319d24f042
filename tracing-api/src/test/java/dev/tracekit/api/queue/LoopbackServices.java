package dev.tracekit.api.queue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Assumptions;

/**
 * Guard for tests that need a loopback service (Redis, RabbitMQ): skips with a clear message when
 * nothing listens on the port, fails instead under {@code CI=true}. Same behaviour as
 * tracing-core's {@code Services}, which tracing-api cannot depend on.
 */
final class LoopbackServices {
  private LoopbackServices() {}

  static boolean inCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static void require(String name, int port) {
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
