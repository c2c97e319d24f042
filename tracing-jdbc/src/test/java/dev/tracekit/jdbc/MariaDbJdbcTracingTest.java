package dev.tracekit.jdbc;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.mariadb.jdbc.MariaDbDataSource;

class MariaDbJdbcTracingTest extends RealDatabaseTest {
  @Override
  String serviceName() {
    return "MariaDB";
  }

  @Override
  int port() {
    return 3306;
  }

  @Override
  String url() {
    return "jdbc:mariadb://127.0.0.1:3306/test";
  }

  @Override
  String user() {
    return "root";
  }

  @Override
  DataSource plainDataSource() {
    try {
      MariaDbDataSource ds = new MariaDbDataSource(url());
      ds.setUser(user());
      ds.setPassword("");
      return ds;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  String systemName() {
    return "mariadb";
  }

  @Override
  String missingTableCode(SQLException e) {
    org.assertj.core.api.Assertions.assertThat(e.getErrorCode()).isEqualTo(1146);
    return "1146";
  }

  @Override
  String duplicateKeyCode(SQLException e) {
    org.assertj.core.api.Assertions.assertThat(e.getErrorCode()).isEqualTo(1062);
    return "1062";
  }

  @Override
  String dialectQuotedSelect() {
    return "SELECT CONCAT(\"top secret\", 'it\\'s secret', \"say \\\"secret\\\"\") AS v";
  }
}
