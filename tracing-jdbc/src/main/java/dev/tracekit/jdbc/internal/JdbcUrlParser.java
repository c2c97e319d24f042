package dev.tracekit.jdbc.internal;

import dev.tracekit.api.support.Diagnostics;
import dev.tracekit.core.sql.SqlDialect;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@code db.system.name}, {@code db.namespace}, {@code server.address} and {@code
 * server.port} from JDBC URLs (PostgreSQL, MySQL, MariaDB, Oracle thin/OCI with SID, service and
 * TNS descriptor forms, SQL Server and jTDS, H2 mem/file/tcp, Db2 and AS/400, HSQLDB, Derby,
 * SQLite, ClickHouse, and a generic {@code //host:port/db} form), with {@link DatabaseMetaData} as
 * the fallback. Credentials in a URL are skipped, never returned. Never throws.
 *
 * <p>Internal: not API.
 */
public final class JdbcUrlParser {
  private JdbcUrlParser() {}

  /**
   * Parses a JDBC URL.
   *
   * @param url the URL, {@code jdbc:tracekit:} prefixes allowed; may be null
   * @return what the URL tells, {@link DbInfo#UNKNOWN} when nothing
   */
  public static DbInfo parse(@Nullable String url) {
    if (url == null) {
      return DbInfo.UNKNOWN;
    }
    try {
      return doParse(url.trim());
    } catch (RuntimeException e) {
      Diagnostics.reportOnce(
          "jdbc-url-parse", "could not parse a JDBC URL; database attributes left out", e);
      return DbInfo.UNKNOWN;
    }
  }

  /**
   * Resolves the info of a connection: from the URL when given, else from the connection's metadata
   * URL, then the product name and the catalog for what is still missing.
   *
   * @param connection the connection
   * @param url the URL the connection was opened with, or null
   * @return the info, never null
   */
  public static DbInfo resolve(Connection connection, @Nullable String url) {
    DbInfo info = url == null ? DbInfo.UNKNOWN : parse(url);
    try {
      DatabaseMetaData meta = null;
      if (url == null || info.dialect() == SqlDialect.UNKNOWN) {
        meta = connection.getMetaData();
        DbInfo fromMeta = parse(meta.getURL());
        if (fromMeta.dialect() != SqlDialect.UNKNOWN || info.dialect() == SqlDialect.UNKNOWN) {
          info = fromMeta;
        }
      }
      if (info.dialect() == SqlDialect.UNKNOWN) {
        if (meta == null) {
          meta = connection.getMetaData();
        }
        info = info.withDialect(dialectOfProduct(meta.getDatabaseProductName()));
      }
      if (info.namespace() == null) {
        info = info.withNamespace(connection.getCatalog());
      }
    } catch (Exception e) {
      Diagnostics.reportOnce(
          "jdbc-metadata",
          "could not read the connection's metadata; database attributes may be incomplete",
          e);
    }
    return info;
  }

  static SqlDialect dialectOfProduct(@Nullable String product) {
    if (product == null) {
      return SqlDialect.UNKNOWN;
    }
    String p = product.toLowerCase(Locale.ROOT);
    if (p.contains("postgres")) {
      return SqlDialect.POSTGRESQL;
    } else if (p.contains("mariadb")) {
      return SqlDialect.MARIADB;
    } else if (p.contains("mysql")) {
      return SqlDialect.MYSQL;
    } else if (p.contains("oracle")) {
      return SqlDialect.ORACLE;
    } else if (p.contains("sql server")) {
      return SqlDialect.SQL_SERVER;
    } else if (p.equals("h2")) {
      return SqlDialect.H2;
    } else if (p.contains("hsql")) {
      return SqlDialect.HSQLDB;
    } else if (p.contains("derby")) {
      return SqlDialect.DERBY;
    } else if (p.startsWith("db2")) {
      return SqlDialect.DB2;
    } else if (p.contains("sqlite")) {
      return SqlDialect.SQLITE;
    } else if (p.contains("clickhouse")) {
      return SqlDialect.CLICKHOUSE;
    }
    return SqlDialect.UNKNOWN;
  }

  private static DbInfo doParse(String url) {
    String rest = url;
    if (startsWithIgnoreCase(rest, "jdbc:")) {
      rest = rest.substring(5);
    }
    while (startsWithIgnoreCase(rest, "tracekit:")) {
      rest = rest.substring(9);
    }
    int colon = rest.indexOf(':');
    if (colon < 0) {
      return DbInfo.UNKNOWN;
    }
    String sub = rest.substring(0, colon).toLowerCase(Locale.ROOT);
    String tail = rest.substring(colon + 1);
    switch (sub) {
      case "postgresql":
      case "pgsql":
        return postgres(tail);
      case "mysql":
      case "mysql+srv":
      case "mysqlx":
        return mysqlLike(SqlDialect.MYSQL, tail);
      case "mariadb":
        return mysqlLike(SqlDialect.MARIADB, tail);
      case "oracle":
        return oracle(tail);
      case "sqlserver":
        return sqlServer(tail);
      case "jtds":
        return jtds(tail);
      case "h2":
        return h2(tail);
      case "db2":
        return db2(tail);
      case "as400":
        return generic(SqlDialect.DB2, tail, -1);
      case "hsqldb":
        return hsqldb(tail);
      case "derby":
        return generic(SqlDialect.DERBY, tail, 1527);
      case "sqlite":
        return DbInfo.of(SqlDialect.SQLITE, tail.isEmpty() ? null : tail, null, -1);
      case "clickhouse":
      case "ch":
        return generic(SqlDialect.CLICKHOUSE, stripSubprotocols(tail), 8123);
      default:
        return generic(SqlDialect.UNKNOWN, tail, -1);
    }
  }

  // --- PostgreSQL: jdbc:postgresql://h1:p1,h2:p2/db?x, jdbc:postgresql:db, jdbc:postgresql:/
  private static DbInfo postgres(String tail) {
    if (tail.startsWith("//")) {
      String afterSlashes = tail.substring(2);
      int end = indexOfAny(afterSlashes, "/?");
      String authority = end < 0 ? afterSlashes : afterSlashes.substring(0, end);
      String db = end >= 0 && afterSlashes.charAt(end) == '/' ? path(afterSlashes, end + 1) : null;
      HostPort hp = hostPort(authority, 5432);
      return DbInfo.of(SqlDialect.POSTGRESQL, db, hp.host == null ? "localhost" : hp.host, hp.port);
    }
    String db = path(tail, 0);
    return DbInfo.of(SqlDialect.POSTGRESQL, db, "localhost", 5432);
  }

  // --- MySQL / MariaDB: jdbc:mysql:[loadbalance:|replication:]//[user:pw@]h:p,h2/db?x
  //     and address=(host=h)(port=p) / (host=h,port=p) forms
  private static DbInfo mysqlLike(SqlDialect dialect, String tail) {
    String t = stripSubprotocols(tail);
    if (!t.startsWith("//")) {
      return DbInfo.of(dialect, null, null, -1);
    }
    String afterSlashes = t.substring(2);
    int end = indexOfTopLevel(afterSlashes, "/?");
    String authority = end < 0 ? afterSlashes : afterSlashes.substring(0, end);
    String db = end >= 0 && afterSlashes.charAt(end) == '/' ? path(afterSlashes, end + 1) : null;
    HostPort hp = hostPort(authority, 3306);
    return DbInfo.of(dialect, db, hp.host == null ? "localhost" : hp.host, hp.port);
  }

  // --- Oracle: thin/oci, [user/pw]@host:port:SID, @//host:port/service, @host:port/service,
  //     @tcp(s)://host:port/service, @(DESCRIPTION=...), @tns_alias
  private static DbInfo oracle(String tail) {
    int at = tail.indexOf('@');
    if (at < 0) {
      return DbInfo.of(SqlDialect.ORACLE, null, null, -1);
    }
    String target = tail.substring(at + 1).trim();
    if (target.startsWith("(")) {
      String host = paren(target, "HOST");
      String port = paren(target, "PORT");
      String service = paren(target, "SERVICE_NAME");
      if (service == null) {
        service = paren(target, "SID");
      }
      return DbInfo.of(SqlDialect.ORACLE, service, host, host == null ? -1 : parsePort(port, 1521));
    }
    int q = target.indexOf('?');
    if (q >= 0) {
      target = target.substring(0, q);
    }
    String lower = target.toLowerCase(Locale.ROOT);
    if (lower.startsWith("tcp://") || lower.startsWith("tcps://")) {
      target = target.substring(target.indexOf("//"));
    }
    if (target.startsWith("//")) {
      String s = target.substring(2);
      int slash = s.indexOf('/');
      String authority = slash < 0 ? s : s.substring(0, slash);
      String service = slash < 0 ? null : s.substring(slash + 1);
      if (service != null) {
        int colon = service.indexOf(':');
        int slash2 = service.indexOf('/');
        int cut = colon < 0 ? slash2 : (slash2 < 0 ? colon : Math.min(colon, slash2));
        if (cut >= 0) {
          service = service.substring(0, cut);
        }
      }
      HostPort hp = hostPort(authority, 1521);
      return DbInfo.of(SqlDialect.ORACLE, service, hp.host, hp.port);
    }
    // host:port:SID, host:port/service, host/service, [v6]:port:SID, or a TNS alias.
    String hostPart;
    String remainder;
    if (target.startsWith("[")) {
      int close = target.indexOf(']');
      hostPart = close < 0 ? target : target.substring(1, close);
      remainder = close < 0 ? "" : target.substring(close + 1);
    } else {
      int cut = indexOfAny(target, ":/");
      if (cut < 0) {
        return DbInfo.of(SqlDialect.ORACLE, target.isEmpty() ? null : target, null, -1);
      }
      hostPart = target.substring(0, cut);
      remainder = target.substring(cut);
    }
    long port = 1521;
    String namespace = null;
    if (remainder.startsWith(":")) {
      String r = remainder.substring(1);
      int cut = indexOfAny(r, ":/");
      port = parsePort(cut < 0 ? r : r.substring(0, cut), 1521);
      if (cut >= 0) {
        namespace = r.substring(cut + 1);
      }
    } else if (remainder.startsWith("/")) {
      namespace = remainder.substring(1);
    }
    if (namespace != null) {
      int cut = indexOfAny(namespace, ":/");
      if (cut >= 0) {
        namespace = namespace.substring(0, cut);
      }
    }
    return DbInfo.of(SqlDialect.ORACLE, namespace, hostPart, port);
  }

  // --- SQL Server: sqlserver://[host[\instance][:port]][;prop=value...]
  private static DbInfo sqlServer(String tail) {
    String t = tail.startsWith("//") ? tail.substring(2) : tail;
    int semi = t.indexOf(';');
    String authority = semi < 0 ? t : t.substring(0, semi);
    String props = semi < 0 ? "" : t.substring(semi + 1);
    String host = null;
    String instance = null;
    long port = -1;
    if (!authority.isEmpty()) {
      HostPort hp = hostPort(authority, -1);
      host = hp.host;
      port = hp.port;
      if (host != null && host.indexOf('\\') >= 0) {
        instance = host.substring(host.indexOf('\\') + 1);
        host = host.substring(0, host.indexOf('\\'));
      }
    }
    String db = null;
    for (String prop : props.split(";")) {
      int eq = prop.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String key = prop.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      String value = prop.substring(eq + 1).trim();
      switch (key) {
        case "databasename":
        case "database":
          db = value;
          break;
        case "servername":
        case "server":
          if (host == null) {
            host = value;
            if (host.indexOf('\\') >= 0) {
              instance = host.substring(host.indexOf('\\') + 1);
              host = host.substring(0, host.indexOf('\\'));
            }
          }
          break;
        case "portnumber":
        case "port":
          port = parsePort(value, port);
          break;
        case "instancename":
          instance = value;
          break;
        default:
          break;
      }
    }
    if (port < 0 && instance == null) {
      port = 1433;
    }
    String namespace = instance == null ? db : (db == null ? instance : instance + "|" + db);
    return DbInfo.of(SqlDialect.SQL_SERVER, namespace, host, port);
  }

  // --- jTDS: jtds:sqlserver://host[:port][/database][;prop=value]
  private static DbInfo jtds(String tail) {
    String lower = tail.toLowerCase(Locale.ROOT);
    boolean sybase = lower.startsWith("sybase:");
    int colon = tail.indexOf(':');
    String t = colon < 0 ? "" : tail.substring(colon + 1);
    if (t.startsWith("//")) {
      t = t.substring(2);
    }
    int semi = t.indexOf(';');
    String main = semi < 0 ? t : t.substring(0, semi);
    String props = semi < 0 ? "" : t.substring(semi + 1);
    int slash = main.indexOf('/');
    String authority = slash < 0 ? main : main.substring(0, slash);
    String db = slash < 0 ? null : main.substring(slash + 1);
    HostPort hp = hostPort(authority, sybase ? 7100 : 1433);
    String instance = null;
    for (String prop : props.split(";")) {
      int eq = prop.indexOf('=');
      if (eq > 0 && prop.substring(0, eq).trim().equalsIgnoreCase("instance")) {
        instance = prop.substring(eq + 1).trim();
      }
    }
    String namespace = instance == null ? db : (db == null ? instance : instance + "|" + db);
    return DbInfo.of(
        sybase ? SqlDialect.UNKNOWN : SqlDialect.SQL_SERVER, namespace, hp.host, hp.port);
  }

  // --- H2: h2:mem:name, h2:file:path, h2:~/path, h2:tcp://host[:port]/path, h2:ssl://...
  private static DbInfo h2(String tail) {
    int semi = tail.indexOf(';');
    String t = semi < 0 ? tail : tail.substring(0, semi);
    String lower = t.toLowerCase(Locale.ROOT);
    if (lower.startsWith("mem:")) {
      String name = t.substring(4);
      return DbInfo.of(SqlDialect.H2, name, null, -1);
    }
    if (lower.startsWith("tcp:") || lower.startsWith("ssl:")) {
      String s = t.substring(4);
      if (s.startsWith("//")) {
        s = s.substring(2);
      }
      int slash = s.indexOf('/');
      String authority = slash < 0 ? s : s.substring(0, slash);
      String path = slash < 0 ? null : s.substring(slash + 1);
      HostPort hp = hostPort(authority, 9092);
      if (path != null && path.toLowerCase(Locale.ROOT).startsWith("mem:")) {
        path = path.substring(4);
      }
      return DbInfo.of(SqlDialect.H2, path, hp.host, hp.port);
    }
    for (String prefix : new String[] {"file:", "zip:", "split:", "nio:", "nioMapped:", "async:"}) {
      if (lower.startsWith(prefix.toLowerCase(Locale.ROOT))) {
        t = t.substring(prefix.length());
        break;
      }
    }
    return DbInfo.of(SqlDialect.H2, t, null, -1);
  }

  // --- Db2: db2://host:port/db[:prop=value;], db2:db
  private static DbInfo db2(String tail) {
    if (!tail.startsWith("//")) {
      int cut = indexOfAny(tail, ":;");
      return DbInfo.of(SqlDialect.DB2, cut < 0 ? tail : tail.substring(0, cut), null, -1);
    }
    String s = tail.substring(2);
    int slash = s.indexOf('/');
    String authority = slash < 0 ? s : s.substring(0, slash);
    String db = null;
    if (slash >= 0) {
      db = s.substring(slash + 1);
      int cut = indexOfAny(db, ":;?");
      if (cut >= 0) {
        db = db.substring(0, cut);
      }
    }
    HostPort hp = hostPort(authority, 50000);
    return DbInfo.of(SqlDialect.DB2, db, hp.host, hp.port);
  }

  // --- HSQLDB: hsqldb:hsql://host:port/db, hsqldb:mem:name, hsqldb:file:path
  private static DbInfo hsqldb(String tail) {
    String lower = tail.toLowerCase(Locale.ROOT);
    for (String p : new String[] {"mem:", "file:", "res:"}) {
      if (lower.startsWith(p)) {
        String name = tail.substring(p.length());
        int semi = name.indexOf(';');
        return DbInfo.of(SqlDialect.HSQLDB, semi < 0 ? name : name.substring(0, semi), null, -1);
      }
    }
    return generic(SqlDialect.HSQLDB, stripSubprotocols(tail), 9001);
  }

  // --- generic: [sub:]//[user:pw@]host[:port][/db][?;params], or sub:[memory:]name
  private static DbInfo generic(SqlDialect dialect, String tail, long defaultPort) {
    String t = stripSubprotocols(tail);
    if (t.startsWith("//")) {
      String s = t.substring(2);
      int end = indexOfTopLevel(s, "/?;");
      String authority = end < 0 ? s : s.substring(0, end);
      String db = end >= 0 && s.charAt(end) == '/' ? path(s, end + 1) : null;
      if (db != null) {
        int semi = db.indexOf(';');
        db = semi < 0 ? db : db.substring(0, semi);
      }
      HostPort hp = hostPort(authority, defaultPort);
      return DbInfo.of(dialect, db, hp.host, hp.port);
    }
    int cut = indexOfAny(t, ";?");
    String name = cut < 0 ? t : t.substring(0, cut);
    int colon = name.lastIndexOf(':');
    if (colon >= 0) {
      name = name.substring(colon + 1);
    }
    return DbInfo.of(dialect, name, null, -1);
  }

  // ---------------------------------------------------------------------------------------------

  private static final class HostPort {
    final @Nullable String host;
    final long port;

    HostPort(@Nullable String host, long port) {
      this.host = host;
      this.port = port;
    }
  }

  /** First host of an authority: skips user info, takes the first of a list, handles [v6]. */
  private static HostPort hostPort(String authority, long defaultPort) {
    String a = authority;
    int at = a.lastIndexOf('@');
    if (at >= 0) {
      a = a.substring(at + 1);
    }
    if (a.isEmpty()) {
      return new HostPort(null, defaultPort);
    }
    String lower = a.toLowerCase(Locale.ROOT);
    if (lower.startsWith("address=") || a.startsWith("(")) {
      String host = paren(a, "host");
      String port = paren(a, "port");
      return new HostPort(host, parsePort(port, defaultPort));
    }
    if (a.startsWith("[")) {
      int close = a.indexOf(']');
      if (close > 0) {
        String host = a.substring(1, close);
        String after = a.substring(close + 1);
        long port = defaultPort;
        if (after.startsWith(":")) {
          int comma = after.indexOf(',');
          port = parsePort(comma < 0 ? after.substring(1) : after.substring(1, comma), defaultPort);
        }
        return new HostPort(host, port);
      }
    }
    int comma = a.indexOf(',');
    if (comma >= 0) {
      a = a.substring(0, comma);
    }
    int colon = a.indexOf(':');
    if (colon >= 0) {
      return new HostPort(
          emptyToNull(a.substring(0, colon)), parsePort(a.substring(colon + 1), defaultPort));
    }
    return new HostPort(a, defaultPort);
  }

  /** The value of KEY in a "(KEY=value)" or "(key=value,...)" list, case-insensitive. */
  private static @Nullable String paren(String s, String key) {
    String lower = s.toLowerCase(Locale.ROOT);
    String k = key.toLowerCase(Locale.ROOT);
    int from = 0;
    while (true) {
      int i = lower.indexOf(k, from);
      if (i < 0) {
        return null;
      }
      int j = i + k.length();
      while (j < s.length() && s.charAt(j) == ' ') {
        j++;
      }
      boolean startOk = i == 0 || "(, ".indexOf(lower.charAt(i - 1)) >= 0;
      if (startOk && j < s.length() && s.charAt(j) == '=') {
        int end = j + 1;
        while (end < s.length() && ")(,".indexOf(s.charAt(end)) < 0) {
          end++;
        }
        return emptyToNull(s.substring(j + 1, end).trim());
      }
      from = i + 1;
    }
  }

  private static @Nullable String path(String s, int from) {
    int end = indexOfAny(s.substring(from), "?;");
    String p = end < 0 ? s.substring(from) : s.substring(from, from + end);
    return emptyToNull(p);
  }

  /** Removes leading "word:" sub-protocols (loadbalance:, replication:, hsql:, http: ...). */
  private static String stripSubprotocols(String tail) {
    String t = tail;
    while (!t.startsWith("//")) {
      int colon = t.indexOf(':');
      if (colon <= 0) {
        break;
      }
      String word = t.substring(0, colon);
      if (!word.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '+' || c == '-')) {
        break;
      }
      String next = t.substring(colon + 1);
      if (!next.startsWith("//") && next.indexOf("//") < 0) {
        break;
      }
      t = next;
    }
    return t;
  }

  private static long parsePort(@Nullable String s, long defaultPort) {
    if (s == null) {
      return defaultPort;
    }
    String t = s.trim();
    int end = 0;
    while (end < t.length() && Character.isDigit(t.charAt(end))) {
      end++;
    }
    if (end == 0 || end > 5) {
      return defaultPort;
    }
    long port = Long.parseLong(t.substring(0, end));
    return port > 0 && port <= 65535 ? port : defaultPort;
  }

  private static int indexOfAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  /** Like indexOfAny but skips characters inside parentheses and brackets. */
  private static int indexOfTopLevel(String s, String chars) {
    int depth = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '(' || c == '[') {
        depth++;
      } else if ((c == ')' || c == ']') && depth > 0) {
        depth--;
      } else if (depth == 0 && chars.indexOf(c) >= 0) {
        return i;
      }
    }
    return -1;
  }

  private static boolean startsWithIgnoreCase(String s, String prefix) {
    return s.regionMatches(true, 0, prefix, 0, prefix.length());
  }

  private static @Nullable String emptyToNull(@Nullable String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
