package dev.tracekit.jdbc;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

class PostgresJdbcTracingTest extends RealDatabaseTest {
  @Override
  String serviceName() {
    return "PostgreSQL";
  }

  @Override
  int port() {
    return 5432;
  }

  @Override
  String url() {
    return "jdbc:postgresql://127.0.0.1:5432/test";
  }

  @Override
  String user() {
    return "postgres";
  }

  @Override
  DataSource plainDataSource() {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(url());
    ds.setUser(user());
    return ds;
  }

  @Override
  String systemName() {
    return "postgresql";
  }

  @Override
  String missingTableCode(SQLException e) {
    org.assertj.core.api.Assertions.assertThat(e.getSQLState()).isEqualTo("42P01");
    return "42P01";
  }

  @Override
  String duplicateKeyCode(SQLException e) {
    org.assertj.core.api.Assertions.assertThat(e.getSQLState()).isEqualTo("23505");
    return "23505";
  }

  @Override
  String dialectQuotedSelect() {
    return "SELECT $tag$top secret$tag$ || $$ more secret 'quoted' $$ || E'escaped \\' secret'"
        + " AS v";
  }
}
