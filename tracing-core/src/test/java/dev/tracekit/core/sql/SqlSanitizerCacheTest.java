package dev.tracekit.core.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
