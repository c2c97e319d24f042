package dev.tracekit.core.safety;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP server for faults the HTTP server cannot produce: resetting the connection after
 * reading the request, answering bytes that are not HTTP, or accepting and never answering.
 */
final class RawSocketServer implements AutoCloseable {
  enum Mode {
    RESET,
    GARBAGE,
    BLACK_HOLE
  }

  private final ServerSocket server;
  private final Mode mode;
  private final AtomicInteger connections = new AtomicInteger();
  private final List<Socket> held = new CopyOnWriteArrayList<>();
  private final Thread thread;

  RawSocketServer(Mode mode) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.mode = mode;
    this.thread = new Thread(this::run, "raw-socket-" + mode);
    thread.setDaemon(true);
    thread.start();
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  int connections() {
    return connections.get();
  }

  private void run() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        connections.incrementAndGet();
        switch (mode) {
          case RESET -> {
            readSome(socket);
            socket.setSoLinger(true, 0); // RST instead of FIN
            socket.close();
          }
          case GARBAGE -> {
            readSome(socket);
            socket
                .getOutputStream()
                .write("\u0000\u00ffNOT HTTP AT ALL\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            socket.close();
          }
          case BLACK_HOLE -> held.add(socket);
        }
      } catch (IOException e) {
        // closed or client gone: carry on until the server socket is closed
      }
    }
  }

  private static void readSome(Socket socket) throws IOException {
    socket.setSoTimeout(2000);
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[8192];
    in.read(buffer);
  }

  /** A loopback port with nothing listening. */
  static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : held) {
      s.close();
    }
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
