package dev.tracekit.spring.internal;

import dev.tracekit.jdbc.JdbcTracing;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;

/**
 * Traces every {@link DataSource} bean (HikariCP included) through {@link JdbcTracing}, after its
 * properties are bound. A data source that is already traced is left as it is (never wrapped
 * twice), and so are the beans named in {@code tracekit.jdbc.excluded-beans}. The wrapper's {@code
 * unwrap}/{@code isWrapperFor} reach the pool, so Boot's pool metrics and health still see it.
 *
 * <p>Internal: not API.
 */
public final class DataSourcePostProcessor implements BeanPostProcessor, Ordered {
  private final ObjectProvider<JdbcTracing> tracing;
  private final Set<String> excluded;

  /**
   * Creates the post-processor.
   *
   * @param tracing the JDBC tracing, resolved at the first data source
   * @param excluded bean names left untraced
   */
  public DataSourcePostProcessor(ObjectProvider<JdbcTracing> tracing, Set<String> excluded) {
    this.tracing = Objects.requireNonNull(tracing, "tracing");
    this.excluded = Set.copyOf(excluded);
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (!(bean instanceof DataSource dataSource) || excluded.contains(beanName)) {
      return bean;
    }
    try {
      if (traced(dataSource)) {
        return bean;
      }
      return tracing.getObject().wrap(dataSource);
    } catch (RuntimeException | LinkageError e) {
      Reports.once(
          "datasource " + beanName,
          "could not trace the data source bean '" + beanName + "'; it is used untraced",
          e);
      return bean;
    }
  }

  private static boolean traced(DataSource dataSource) {
    // JdbcTracing.wrap returns its own wrappers unchanged; OpenTelemetry's JDBC wrapper (the
    // Spring Boot starter's or the user's) already makes the spans.
    String name = dataSource.getClass().getName();
    return name.startsWith("dev.tracekit.jdbc.")
        || name.startsWith("io.opentelemetry.instrumentation.jdbc.");
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE - 10;
  }
}
