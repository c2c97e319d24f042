package dev.tracekit.benchmarks.sql;

/** The statements both sanitizers are measured on; {@code {N}} is replaced to make variants. */
final class SqlStatements {
  private SqlStatements() {}

  static final String SHORT_SELECT =
      "SELECT id, name, email FROM users WHERE id = {N} AND status = 'active'";

  static final String INSERT_VALUES;

  static final String IN_LIST_200;

  static final String COMMENTS_ESCAPES =
      "/* app='checkout', traceparent='00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' */"
          + " SELECT u.id, u.name FROM users u -- look up by mail\n"
          + " WHERE u.email = 'o\\'brien{N}@example.com' AND u.note <> 'say \\\"hi\\\" \\\\ bye'"
          + " # trailing note with 'quotes'\n"
          + " AND u.created > '2024-01-31' /* end */";

  static final String QUERY_2K;

  static final String DDL =
      "CREATE TABLE IF NOT EXISTS audit_log_{N} (id BIGINT PRIMARY KEY, created_at TIMESTAMP"
          + " DEFAULT CURRENT_TIMESTAMP, actor VARCHAR(255) NOT NULL DEFAULT 'system', payload"
          + " TEXT, amount DECIMAL(12, 2) DEFAULT 0.00, CONSTRAINT chk_amount CHECK (amount >="
          + " -1000.5))";

  static {
    StringBuilder insert =
        new StringBuilder("INSERT INTO orders (id, customer_id, total, status, note) VALUES ");
    for (int i = 0; i < 16; i++) {
      insert
          .append(i == 0 ? "" : ", ")
          .append('(')
          .append(i == 0 ? "{N}" : String.valueOf(1000 + i))
          .append(", ")
          .append(40 + i)
          .append(", ")
          .append(19.99 + i)
          .append(", 'new', 'note number ")
          .append(i)
          .append("')");
    }
    INSERT_VALUES = insert.toString();

    StringBuilder in = new StringBuilder("SELECT id, sku, price FROM items WHERE id IN ({N}");
    for (int i = 1; i < 200; i++) {
      in.append(", ").append(100_000 + i);
    }
    IN_LIST_200 = in.append(") AND deleted = false").toString();

    StringBuilder big =
        new StringBuilder(
            "SELECT o.id, o.created_at, o.total, c.name, c.email, a.street, a.city, a.zip,"
                + " p.sku, p.title, li.quantity, li.unit_price FROM orders o JOIN customers c ON"
                + " c.id = o.customer_id JOIN addresses a ON a.id = o.shipping_address_id JOIN"
                + " line_items li ON li.order_id = o.id JOIN products p ON p.id = li.product_id"
                + " WHERE o.id = {N}");
    int k = 0;
    while (big.length() < 1900) {
      big.append(" AND (c.country = 'country-")
          .append(k)
          .append("' OR li.quantity > ")
          .append(k * 3)
          .append(" OR p.price BETWEEN ")
          .append(k)
          .append(".5 AND ")
          .append(k + 10)
          .append(".75 OR o.note LIKE '%gift ")
          .append(k)
          .append("%')");
      k++;
    }
    QUERY_2K = big.append(" ORDER BY o.created_at DESC LIMIT 50").toString();
  }

  static String of(String name) {
    switch (name) {
      case "shortSelect":
        return SHORT_SELECT;
      case "insertValues":
        return INSERT_VALUES;
      case "inList200":
        return IN_LIST_200;
      case "commentsEscapes":
        return COMMENTS_ESCAPES;
      case "query2k":
        return QUERY_2K;
      case "ddl":
        return DDL;
      default:
        throw new IllegalArgumentException(name);
    }
  }
}
