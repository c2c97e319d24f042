package dev.tracekit.examples;

import static dev.tracekit.testing.TracekitAssertions.assertThat;

import dev.tracekit.ai.AiTracing;
import dev.tracekit.api.ContextExecutors;
import dev.tracekit.api.Tracing;
import dev.tracekit.jdbc.JdbcTracing;
import dev.tracekit.testing.TracekitExtension;
import io.opentelemetry.api.trace.SpanKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The user test of docs/testing.md, as written there: compiled and run against the real modules.
 */
class TestingGuideTest {
  @RegisterExtension static final TracekitExtension tracing = TracekitExtension.create();

  @Test
  void orderFlow() throws Exception {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:guide;DB_CLOSE_DELAY=-1");
    DataSource db = JdbcTracing.create(tracing.openTelemetry()).wrap(h2);
    AiTracing ai = AiTracing.create(tracing.openTelemetry());
    Tracing t = tracing.tracing();
    ExecutorService pool = ContextExecutors.wrap(Executors.newSingleThreadExecutor());
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS orders (id INT, customer VARCHAR(64))");
    }
    tracing.telemetry().clear(); // only the request below

    t.span("POST /orders")
        .kind(SpanKind.SERVER)
        .run(
            () -> {
              CompletableFuture.runAsync(() -> t.run("save order", () -> insert(db)), pool).join();
              ai.chat("openai", "gpt-4o")
                  .call(
                      () ->
                          "{\"model\":\"gpt-4o\",\"choices\":[{\"finish_reason\":\"stop\"}],"
                              + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":30}}");
            });
    pool.shutdown();

    assertThat(tracing)
        .hasRoot("POST /orders")
        .withChild("save order")
        .withChild("INSERT orders")
        .hasKind(SpanKind.CLIENT)
        .hasDbQueryText("INSERT INTO orders (id, customer) VALUES (?, ?)")
        .hasSanitizedDbQuery()
        .up()
        .up()
        .withChild("chat gpt-4o")
        .genAi()
        .hasProvider("openai")
        .hasTokens(12, 30)
        .hasFinishReasons("stop")
        .hasNoContent();
    assertThat(tracing).isSafe().doesNotContain("Jane Doe");
  }

  private static void insert(DataSource db) {
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement("INSERT INTO orders (id, customer) VALUES (?, ?)")) {
      ps.setInt(1, 42);
      ps.setString(2, "Jane Doe");
      ps.executeUpdate();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
