package dev.tracekit.core.sql;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The SQL dialects whose lexical rules the sanitizer knows. */
public enum SqlDialect {
  /** PostgreSQL ({@code postgresql}). */
  POSTGRESQL("postgresql"),
  /** MySQL ({@code mysql}). */
  MYSQL("mysql"),
  /** MariaDB ({@code mariadb}). */
  MARIADB("mariadb"),
  /** Oracle Database ({@code oracle.db}). */
  ORACLE("oracle.db"),
  /** Microsoft SQL Server ({@code microsoft.sql_server}). */
  SQL_SERVER("microsoft.sql_server"),
  /** H2 ({@code h2database}). */
  H2("h2database"),
  /** HSQLDB ({@code hsqldb}). */
  HSQLDB("hsqldb"),
  /** Apache Derby ({@code derby}). */
  DERBY("derby"),
  /** IBM Db2 ({@code ibm.db2}). */
  DB2("ibm.db2"),
  /** SQLite ({@code sqlite}). */
  SQLITE("sqlite"),
  /** ClickHouse ({@code clickhouse}). */
  CLICKHOUSE("clickhouse"),
  /** Any other database: the most cautious rules. */
  UNKNOWN("other_sql");

  private final String dbSystemName;

  SqlDialect(String dbSystemName) {
    this.dbSystemName = dbSystemName;
  }

  /**
   * The semantic-convention {@code db.system.name} value of this dialect.
   *
   * @return the {@code db.system.name} value
   */
  public String dbSystemName() {
    return dbSystemName;
  }

  /**
   * The dialect for a semantic-convention {@code db.system.name} value.
   *
   * @param dbSystemName the value, for example {@code postgresql}; may be null
   * @return the dialect, {@link #UNKNOWN} for null or an unknown name
   */
  public static SqlDialect forDbSystem(@Nullable String dbSystemName) {
    if (dbSystemName == null) {
      return UNKNOWN;
    }
    String name = dbSystemName.trim().toLowerCase(Locale.ROOT);
    for (SqlDialect dialect : values()) {
      if (dialect != UNKNOWN && dialect.dbSystemName.equals(name)) {
        return dialect;
      }
    }
    return UNKNOWN;
  }
}
