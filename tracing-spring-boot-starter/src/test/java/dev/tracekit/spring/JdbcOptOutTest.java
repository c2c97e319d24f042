package dev.tracekit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.core.testing.TestSdk;
import io.opentelemetry.api.OpenTelemetry;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@code tracekit.jdbc.enabled=false}: data sources stay as they are. */
class JdbcOptOutTest {
  static final TestSdk SDK = TestSdk.create();

  @Configuration(proxyBeanMethods = false)
  static class UserConfig {
    @Bean
    OpenTelemetry userOpenTelemetry() {
      return SDK.sdk();
    }

    @Bean
    DataSource dataSource() {
      JdbcDataSource ds = new JdbcDataSource();
      ds.setURL("jdbc:h2:mem:optout;DB_CLOSE_DELAY=-1");
      return ds;
    }
  }

  @Test
  void dataSourcesAreNotWrappedWhenTheApplicationOptsOut() {
    try (ConfigurableApplicationContext app =
        StarterApps.start(UserConfig.class, "tracekit.jdbc.enabled=false")) {
      DataSource dataSource = app.getBean(DataSource.class);
      assertThat(dataSource).isInstanceOf(JdbcDataSource.class);
      new JdbcTemplate(dataSource).queryForObject("SELECT 1", Integer.class);
      assertThat(SDK.spans()).isEmpty();
    } finally {
      SDK.close();
    }
  }
}
