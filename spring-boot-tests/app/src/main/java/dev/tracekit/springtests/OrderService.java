package dev.tracekit.springtests;

import dev.tracekit.api.SpanAttribute;
import dev.tracekit.api.Traced;
import io.opentelemetry.api.trace.Span;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/** Orders in the database, behind a {@code @Traced} method. */
@Service
public class OrderService implements ApplicationRunner {
  /** The table (created when missing). */
  public static final String TABLE = "tk_boot_orders";

  private static final Logger LOG = LoggerFactory.getLogger(OrderService.class);
  private final JdbcTemplate jdbc;

  /**
   * Creates the service.
   *
   * @param jdbc the JDBC template
   */
  public OrderService(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void run(ApplicationArguments args) {
    jdbc.execute(
        "CREATE TABLE IF NOT EXISTS "
            + TABLE
            + " (id BIGINT PRIMARY KEY, customer VARCHAR(100) NOT NULL, views INT NOT NULL)");
  }

  /**
   * Stores a new order.
   *
   * @param id the order id
   */
  public void createOrder(long id) {
    jdbc.update("INSERT INTO " + TABLE + " (id, customer, views) VALUES (?, ?, 0)", id, "acme");
  }

  /**
   * Finds an order, counting the view: a statement with literals and a prepared query.
   *
   * @param id the order id
   * @return the order's columns
   */
  @Traced("orders.find")
  public Map<String, Object> find(@SpanAttribute("shop.order_id") long id) {
    LOG.info("finding order {}", id);
    Span.current().setAttribute("shop.api_key", "sk-live-0123456789abcdef0123456789");
    Span.current().setAttribute("shop.note", "n".repeat(5000));
    jdbc.update(
        "UPDATE "
            + TABLE
            + " SET views = views + 1 WHERE id = "
            + id
            + " AND customer <> 'secret-customer'");
    return jdbc.queryForMap("SELECT id, customer, views FROM " + TABLE + " WHERE id = ?", id);
  }
}
