package dev.tracekit.examples.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** A JDK HTTP server on an ephemeral loopback port. */
public final class LoopbackServer implements AutoCloseable {
  /** A request handler that may throw what the work it calls throws. */
  @FunctionalInterface
  public interface Handler {
    /**
     * Handles one request.
     *
     * @param exchange the exchange
     * @throws Exception when the work fails (the server answers 500)
     */
    void handle(HttpExchange exchange) throws Exception;
  }

  private final HttpServer server;
  private final ExecutorService executor;

  private LoopbackServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Starts an empty server; add handlers with {@link #handle}.
   *
   * @param name the thread name prefix
   * @return the running server
   */
  public static LoopbackServer start(String name) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      ExecutorService executor =
          Executors.newFixedThreadPool(
              4,
              r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
              });
      server.setExecutor(executor);
      server.start();
      return new LoopbackServer(server, executor);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Adds a handler for a path prefix.
   *
   * @param path the path prefix
   * @param handler the handler
   * @return this
   */
  public LoopbackServer handle(String path, HttpHandler handler) {
    server.createContext(path, handler);
    return this;
  }

  /**
   * A JDK {@link HttpHandler} running the handler: an exception other than an {@link IOException}
   * reaches the server as an {@code IOException} (the JDK server then closes the exchange).
   *
   * @param handler the handler
   * @return the JDK handler
   */
  public static HttpHandler handler(Handler handler) {
    return exchange -> {
      try {
        handler.handle(exchange);
      } catch (IOException | RuntimeException e) {
        throw e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      } catch (Exception e) {
        throw new IOException(e);
      }
    };
  }

  /**
   * The URI of a path on this server.
   *
   * @param path the path, starting with {@code /}
   * @return the URI
   */
  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  /**
   * The port.
   *
   * @return the port
   */
  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * Reads the request body as UTF-8.
   *
   * @param exchange the exchange
   * @return the body
   * @throws IOException when reading fails
   */
  public static String body(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * Sends a JSON response and closes the exchange.
   *
   * @param exchange the exchange
   * @param status the status code
   * @param json the body
   * @throws IOException when writing fails
   */
  public static void json(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /**
   * Sleeps a few milliseconds so durations show in the trees.
   *
   * @param millis how long
   */
  public static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
