package dev.tracekit.examples.support;

import dev.tracekit.jdbc.JdbcTracing;
import io.opentelemetry.api.OpenTelemetry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The scenarios' database: H2 in memory by default, PostgreSQL when {@code
 * TRACEKIT_EXAMPLES_POSTGRES_URL} is set. Each statement is a CLIENT span named after the sanitized
 * query's summary ({@code SELECT leads}) with {@code db.system.name}, {@code db.namespace}, {@code
 * db.operation.name}, {@code db.collection.name} and the sanitized {@code db.query.text}.
 */
public final class Database implements AutoCloseable {
  /**
   * Reads the first row of a result.
   *
   * @param <T> the value type
   */
  @FunctionalInterface
  public interface Row<T> {
    /**
     * Maps the current row.
     *
     * @param rs the result set, on its first row
     * @return the value
     * @throws SQLException when reading fails
     */
    T map(ResultSet rs) throws SQLException;
  }

  /**
   * Work done inside a transaction.
   *
   * @param <T> the result type
   */
  @FunctionalInterface
  public interface Work<T> {
    /**
     * Runs the work.
     *
     * @param db this database
     * @return the result
     * @throws SQLException when a statement fails
     */
    T run(Database db) throws SQLException;
  }

  private final Connection connection;
  private final JdbcTracing jdbc;
  private final String system;

  private Database(Connection connection, JdbcTracing jdbc, String system) {
    this.connection = connection;
    this.jdbc = jdbc;
    this.system = system;
  }

  /**
   * Opens the database and creates the example schema (untraced set-up).
   *
   * @param openTelemetry the OpenTelemetry to trace statements with
   * @param postgresUrl a PostgreSQL JDBC URL, or null for H2 in memory
   * @return the database
   * @throws SQLException when the database cannot be opened
   */
  public static Database open(OpenTelemetry openTelemetry, @Nullable String postgresUrl)
      throws SQLException {
    DataSource plain;
    String system;
    if (postgresUrl != null && !postgresUrl.isBlank()) {
      PGSimpleDataSource pg = new PGSimpleDataSource();
      pg.setURL(postgresUrl);
      pg.setCurrentSchema("tracekit_examples");
      plain = pg;
      system = "postgresql";
    } else {
      JdbcDataSource h2 = new JdbcDataSource();
      h2.setURL("jdbc:h2:mem:tracekit_examples;DB_CLOSE_DELAY=-1");
      h2.setUser("sa");
      plain = h2;
      system = "h2";
    }
    // The schema is set up on a plain connection (untraced set-up); the scenarios use a traced one.
    try (Connection setup = plain.getConnection();
        Statement s = setup.createStatement()) {
      if (system.equals("postgresql")) {
        s.execute("CREATE SCHEMA IF NOT EXISTS tracekit_examples");
        s.execute("SET search_path TO tracekit_examples");
      }
      // Dropped first: a database kept from an earlier version of the examples may differ.
      for (String table : new String[] {"leads", "users", "usage_log", "quotas", "assignments"}) {
        s.execute("DROP TABLE IF EXISTS " + table);
      }
      s.execute(
          "CREATE TABLE IF NOT EXISTS leads (id VARCHAR(40) PRIMARY KEY, phone VARCHAR(40),"
              + " crm_id VARCHAR(40), messages INT, score INT, classification VARCHAR(10))");
      s.execute(
          "CREATE TABLE IF NOT EXISTS users (id VARCHAR(40) PRIMARY KEY, organization_id"
              + " VARCHAR(40), plan VARCHAR(20))");
      s.execute(
          "CREATE TABLE IF NOT EXISTS usage_log (id VARCHAR(40) PRIMARY KEY, organization_id"
              + " VARCHAR(40), kind VARCHAR(40), amount INT)");
      s.execute(
          "CREATE TABLE IF NOT EXISTS quotas (organization_id VARCHAR(40) PRIMARY KEY, used"
              + " INT)");
      s.execute(
          "CREATE TABLE IF NOT EXISTS assignments (id VARCHAR(40) PRIMARY KEY, raw_id"
              + " VARCHAR(40), subject VARCHAR(60), level VARCHAR(40), rate INT)");
      s.execute("INSERT INTO leads VALUES ('lead-42', '+40721000000', '12345', 3, NULL, NULL)");
      s.execute("INSERT INTO users VALUES ('user-123', 'org-456', 'premium')");
      s.execute("INSERT INTO quotas VALUES ('org-456', 0)");
    }
    JdbcTracing jdbc = JdbcTracing.create(openTelemetry);
    Connection traced = jdbc.wrap(plain).getConnection();
    return new Database(traced, jdbc, system);
  }

  /**
   * {@code db.system.name}: {@code h2} or {@code postgresql}.
   *
   * @return the system
   */
  public String system() {
    return system;
  }

  /**
   * Runs a query and maps its first row.
   *
   * @param sql the parameterized SQL
   * @param row maps the first row
   * @param params the parameters
   * @param <T> the value type
   * @return the value, or null when there is no row
   * @throws SQLException when the query fails
   */
  public synchronized <T> @Nullable T query(String sql, Row<T> row, Object... params)
      throws SQLException {
    try (PreparedStatement ps = prepare(sql, params);
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? row.map(rs) : null;
    }
  }

  /**
   * Runs an INSERT, UPDATE or DELETE.
   *
   * @param sql the parameterized SQL
   * @param params the parameters
   * @return the number of rows changed
   * @throws SQLException when the statement fails
   */
  public synchronized int update(String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = prepare(sql, params)) {
      return ps.executeUpdate();
    }
  }

  /**
   * Runs work in one transaction: {@code JdbcTracing.transaction}, a {@code TRANSACTION} span
   * around the statements, committed when the work returns and rolled back when it throws.
   *
   * @param work the statements
   * @param <T> the result type
   * @return the work's result
   * @throws SQLException when a statement or the commit fails
   */
  public synchronized <T> @Nullable T transaction(Work<T> work) throws SQLException {
    return jdbc.transaction(connection, c -> work.run(this));
  }

  private PreparedStatement prepare(String sql, Object... params) throws SQLException {
    PreparedStatement ps = connection.prepareStatement(sql);
    for (int i = 0; i < params.length; i++) {
      ps.setObject(i + 1, params[i]);
    }
    return ps;
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // closing at exit: nothing to do
    }
  }
}
