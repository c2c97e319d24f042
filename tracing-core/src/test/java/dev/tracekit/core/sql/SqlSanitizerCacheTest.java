package dev.tracekit.core.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SqlSanitizerCacheTest {

  @Test
  void repeatedStatementsAreServedFromTheCache() {
    SqlSanitizer sanitizer = SqlSanitizer.builder().cacheSize(4).build();
    SanitizedSql first = sanitizer.apply("SELECT * FROM t WHERE a = 1", SqlDialect.H2);
    assertThat(sanitizer.apply("SELECT * FROM t WHERE a = 1", SqlDialect.H2)).isSameAs(first);
    // Another dialect is sanitized by its own rules, not served the cached result.
    SanitizedSql other = sanitizer.apply("SELECT \"x\" FROM t", SqlDialect.MYSQL);
    assertThat(sanitizer.apply("SELECT \"x\" FROM t", SqlDialect.POSTGRESQL).query())
        .isEqualTo("SELECT \"x\" FROM t");
    assertThat(other.query()).isEqualTo("SELECT ? FROM t");
  }

  @Test
  void longStatementsAndDisabledCacheAreNotCached() {
    SqlSanitizer small = SqlSanitizer.builder().maxCachedStatementLength(10).build();
    String sql = "SELECT * FROM t WHERE a = 1";
    assertThat(small.apply(sql)).isNotSameAs(small.apply(sql)).isEqualTo(small.apply(sql));
    SqlSanitizer none = SqlSanitizer.builder().cacheSize(0).build();
    assertThat(none.apply(sql)).isNotSameAs(none.apply(sql)).isEqualTo(none.apply(sql));
  }

  /** The static API is called from many threads at once (per-thread buffers, shared cache). */
  @Test
  void concurrentCallsGiveTheSingleThreadedResults() throws Exception {
    List<String> statements = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      StringBuilder sql =
          new StringBuilder("SELECT a, 'v").append(i).append("' FROM t").append(i % 7);
      sql.append(" WHERE id IN (").append(i).append(", ").append(i + 1).append(")");
      if (i % 10 == 0) {
        sql.append(" AND x = '").append("y".repeat(9_000)).append("'"); // past the buffer reuse
      }
      statements.add(sql.toString());
    }
    SqlSanitizer reference = SqlSanitizer.builder().cacheSize(0).build();
    List<SanitizedSql> expected = new ArrayList<>();
    for (String sql : statements) {
      expected.add(reference.apply(sql, SqlDialect.POSTGRESQL));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int offset = t;
        results.add(
            pool.submit(
                () -> {
                  int checked = 0;
                  for (int round = 0; round < 20; round++) {
                    for (int k = 0; k < statements.size(); k++) {
                      int i = (k * 7 + offset + round) % statements.size();
                      assertThat(SqlSanitizer.sanitize(statements.get(i), SqlDialect.POSTGRESQL))
                          .isEqualTo(expected.get(i));
                      checked++;
                    }
                  }
                  return checked;
                }));
      }
      for (Future<Integer> result : results) {
        assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(20 * statements.size());
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(expected.get(10).query()).isEqualTo("SELECT a, ? FROM t3 WHERE id IN (?) AND x = ?");
  }

  @Test
  void builderFailsFast() {
    assertThatThrownBy(() -> SqlSanitizer.builder().maxQueryLength(3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SqlSanitizer.builder().cacheSize(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SqlSanitizer.builder().maxCachedStatementLength(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
