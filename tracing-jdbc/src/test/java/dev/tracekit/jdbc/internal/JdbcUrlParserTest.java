package dev.tracekit.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.core.sql.SqlDialect;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JdbcUrlParserTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        // PostgreSQL
        "jdbc:postgresql://db.example.com:5433/orders?sslmode=require | postgresql | orders | db.example.com | 5433",
        "jdbc:postgresql://db.example.com/orders | postgresql | orders | db.example.com | 5432",
        "jdbc:postgresql://h1:5434,h2:5435/app?targetServerType=primary | postgresql | app | h1 | 5434",
        "jdbc:postgresql://[::1]:5740/accounting | postgresql | accounting | ::1 | 5740",
        "jdbc:postgresql:app | postgresql | app | localhost | 5432",
        "jdbc:tracekit:postgresql://127.0.0.1:5432/test | postgresql | test | 127.0.0.1 | 5432",
        // MySQL
        "jdbc:mysql://mysql.internal:3307/shop?useSSL=false | mysql | shop | mysql.internal | 3307",
        "jdbc:mysql://user:s3cret@mysql.internal/shop | mysql | shop | mysql.internal | 3306",
        "jdbc:mysql:loadbalance://lb1:3310,lb2:3311/shop | mysql | shop | lb1 | 3310",
        "jdbc:mysql://address=(host=myhost)(port=3399)(user=u)/db1 | mysql | db1 | myhost | 3399",
        "jdbc:mysql://(host=h9,port=3400)/db2 | mysql | db2 | h9 | 3400",
        // MariaDB
        "jdbc:mariadb://127.0.0.1:3306/test | mariadb | test | 127.0.0.1 | 3306",
        "jdbc:mariadb:replication://primary:3320,replica:3321/app?user=x | mariadb | app | primary | 3320",
        "jdbc:mariadb://maria/ | mariadb | - | maria | 3306",
        "jdbc:mariadb://address=(host=m1)(port=3330)(type=primary)/d | mariadb | d | m1 | 3330",
        // Oracle
        "jdbc:oracle:thin:@orahost:1522:ORCL | oracle.db | ORCL | orahost | 1522",
        "jdbc:oracle:thin:scott/tiger@orahost:1521:XE | oracle.db | XE | orahost | 1521",
        "jdbc:oracle:thin:@//orahost:1523/sales.example.com | oracle.db | sales.example.com | orahost | 1523",
        "jdbc:oracle:thin:@orahost:1524/svc | oracle.db | svc | orahost | 1524",
        "jdbc:oracle:thin:@orahost/svc2 | oracle.db | svc2 | orahost | 1521",
        "jdbc:oracle:thin:@tcps://orahost:2484/svc3 | oracle.db | svc3 | orahost | 2484",
        "jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=tnshost)(PORT=1525))(CONNECT_DATA=(SERVICE_NAME=tnssvc))) | oracle.db | tnssvc | tnshost | 1525",
        "jdbc:oracle:thin:@(description=(address=(protocol=tcp)(host=h)(port=1526))(connect_data=(sid=S1))) | oracle.db | S1 | h | 1526",
        "jdbc:oracle:oci:@orahost:1527:X | oracle.db | X | orahost | 1527",
        // SQL Server
        "jdbc:sqlserver://mssql:1434;databaseName=inventory;user=sa;password=p | microsoft.sql_server | inventory | mssql | 1434",
        "jdbc:sqlserver://mssql;database=inv | microsoft.sql_server | inv | mssql | 1433",
        "jdbc:sqlserver://mssql\\SQLEXPRESS;databaseName=inv | microsoft.sql_server | 'SQLEXPRESS|inv' | mssql | -1",
        "jdbc:sqlserver://;serverName=srv;portNumber=1500;databaseName=d | microsoft.sql_server | d | srv | 1500",
        "jdbc:jtds:sqlserver://jt:1435/jdb;instance=I1 | microsoft.sql_server | 'I1|jdb' | jt | 1435",
        // H2
        "jdbc:h2:mem:testdb;DB_CLOSE_DELAY=-1 | h2database | testdb | - | -1",
        "jdbc:h2:file:/data/app | h2database | /data/app | - | -1",
        "jdbc:h2:~/test | h2database | ~/test | - | -1",
        "jdbc:h2:tcp://h2host:9093/~/sample | h2database | ~/sample | h2host | 9093",
        "jdbc:h2:tcp://h2host/mem:shared | h2database | shared | h2host | 9092",
        // Db2
        "jdbc:db2://db2host:50001/SAMPLE:currentSchema=X; | ibm.db2 | SAMPLE | db2host | 50001",
        "jdbc:db2://db2host/SAMPLE | ibm.db2 | SAMPLE | db2host | 50000",
        "jdbc:db2:LOCALDB | ibm.db2 | LOCALDB | - | -1",
        // others
        "jdbc:hsqldb:hsql://hs:9002/xdb | hsqldb | xdb | hs | 9002",
        "jdbc:hsqldb:mem:mymem | hsqldb | mymem | - | -1",
        "jdbc:derby://dh:1528/ddb;create=true | derby | ddb | dh | 1528",
        "jdbc:derby:memory:dmem | derby | dmem | - | -1",
        "jdbc:sqlite:/tmp/x.db | sqlite | /tmp/x.db | - | -1",
        "jdbc:clickhouse://ch:8124/events | clickhouse | events | ch | 8124",
        "jdbc:somethingelse://other:1234/odb | other_sql | odb | other | 1234",
      })
  void parses(
      String url, String system, @Nullable String namespace, @Nullable String address, long port) {
    DbInfo info = JdbcUrlParser.parse(url);
    assertThat(info.systemName()).isEqualTo(system);
    assertThat(info.namespace()).isEqualTo(namespace);
    assertThat(info.serverAddress()).isEqualTo(address);
    assertThat(info.serverPort()).isEqualTo(port);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "jdbc:mysql://admin:hunter2@db:3306/x",
        "jdbc:oracle:thin:scott/hunter2@orahost:1521:XE",
        "jdbc:sqlserver://mssql;databaseName=d;password=hunter2",
      })
  void neverReturnsCredentials(String url) {
    assertThat(JdbcUrlParser.parse(url).toString()).doesNotContain("hunter2");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {"- ", "''", "not a url", "jdbc:", "jdbc:postgresql://[broken", "jdbc:oracle:thin:@"})
  void garbageGivesUnknownWithoutThrowing(@Nullable String url) {
    DbInfo info = JdbcUrlParser.parse(url);
    assertThat(info).isNotNull();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "PostgreSQL | POSTGRESQL",
        "MySQL | MYSQL",
        "MariaDB | MARIADB",
        "Oracle | ORACLE",
        "Microsoft SQL Server | SQL_SERVER",
        "H2 | H2",
        "DB2/LINUXX8664 | DB2",
        "HSQL Database Engine | HSQLDB",
        "Apache Derby | DERBY",
        "SQLite | SQLITE",
        "Unknown DB | UNKNOWN",
      })
  void productNames(String product, SqlDialect dialect) {
    assertThat(JdbcUrlParser.dialectOfProduct(product)).isEqualTo(dialect);
  }
}
