package dev.tracekit.testing;

import dev.tracekit.api.Tracing;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that installs an in-memory TraceKit SDK ({@link TestTelemetry}) for each
 * test, or once for a test class with {@link Builder#perClass()} (finished spans are then cleared
 * before each test).
 *
 * <pre>{@code
 * class CheckoutTest {
 *   @RegisterExtension
 *   static final TracekitExtension tracing = TracekitExtension.create();
 *
 *   @Test
 *   void checkout() {
 *     new Checkout(tracing.openTelemetry()).run();
 *     assertThat(tracing).hasRoot("checkout").withChild("INSERT orders");
 *   }
 * }
 * }</pre>
 *
 * <p>With {@code @ExtendWith(TracekitExtension.class)} the defaults apply and a test method may
 * take a {@link TestTelemetry} parameter.
 */
public final class TracekitExtension
    implements BeforeAllCallback,
        AfterAllCallback,
        BeforeEachCallback,
        AfterEachCallback,
        ParameterResolver {
  private final TestTelemetry.Builder options;
  private final boolean perClass;
  private volatile @Nullable TestTelemetry current;
  private volatile boolean classScoped;

  /** An extension with the defaults (an SDK per test, not global); for {@code @ExtendWith}. */
  public TracekitExtension() {
    this(TestTelemetry.builder(), false);
  }

  private TracekitExtension(TestTelemetry.Builder options, boolean perClass) {
    this.options = options;
    this.perClass = perClass;
  }

  /**
   * An extension with the defaults: a new SDK for each test, not installed globally.
   *
   * @return the extension
   */
  public static TracekitExtension create() {
    return new TracekitExtension();
  }

  /**
   * A builder for the options.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (perClass) {
      current = options.build();
      classScoped = true;
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (classScoped) {
      closeCurrent();
      classScoped = false;
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    TestTelemetry t = current;
    if (classScoped && t != null) {
      t.clear();
    } else {
      closeCurrent();
      current = options.build();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!classScoped) {
      closeCurrent();
    }
  }

  private void closeCurrent() {
    TestTelemetry t = current;
    current = null;
    if (t != null) {
      t.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return Objects.requireNonNull(parameter, "parameter").getParameter().getType()
        == TestTelemetry.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return telemetry();
  }

  /**
   * The SDK of the running test.
   *
   * @return the in-memory SDK
   * @throws IllegalStateException outside a test
   */
  public TestTelemetry telemetry() {
    TestTelemetry t = current;
    if (t == null) {
      throw new IllegalStateException(
          "TracekitExtension: no SDK outside a test (register the extension with"
              + " @RegisterExtension, and use perClass() only on a static field)");
    }
    return t;
  }

  /**
   * The OpenTelemetry to hand to the code under test.
   *
   * @return the SDK of the running test
   */
  public OpenTelemetry openTelemetry() {
    return telemetry().openTelemetry();
  }

  /**
   * TraceKit's helpers bound to the SDK of the running test.
   *
   * @return the helpers
   */
  public Tracing tracing() {
    return telemetry().tracing();
  }

  /**
   * The finished spans of the running test.
   *
   * @return the spans, after a flush
   */
  public List<SpanData> spans() {
    return telemetry().spans();
  }

  /**
   * The finished spans of the running test with this name.
   *
   * @param name the span name
   * @return the spans, after a flush; possibly none
   */
  public List<SpanData> spans(String name) {
    return telemetry().spans(name);
  }

  /**
   * Waits for a span with this name to end.
   *
   * @param name the span name
   * @return the span
   * @see TestTelemetry#span(String)
   */
  public SpanData span(String name) {
    return telemetry().span(name);
  }

  /**
   * Waits for a span matching the filter to end.
   *
   * @param filter which span
   * @return the span
   * @see TestTelemetry#span(Predicate)
   */
  public SpanData span(Predicate<? super SpanData> filter) {
    return telemetry().span(filter);
  }

  /**
   * Waits until at least {@code count} spans ended.
   *
   * @param count how many
   * @return every finished span
   * @see TestTelemetry#awaitSpans(int)
   */
  public List<SpanData> awaitSpans(int count) {
    return telemetry().awaitSpans(count);
  }

  /**
   * The metrics recorded so far.
   *
   * @return the metrics, collected now
   */
  public List<MetricData> metrics() {
    return telemetry().metrics();
  }

  /**
   * One metric, collected now.
   *
   * @param name the metric name
   * @return the metric
   * @see TestTelemetry#metric(String)
   */
  public MetricData metric(String name) {
    return telemetry().metric(name);
  }

  @Override
  public String toString() {
    return "TracekitExtension{perClass=" + perClass + ", current=" + current + "}";
  }

  /** Options of {@link TracekitExtension}; invalid values fail here. */
  public static final class Builder {
    private final TestTelemetry.Builder options = TestTelemetry.builder();
    private boolean perClass;

    Builder() {}

    /**
     * One SDK for the whole test class (the extension must be on a static field); finished spans
     * are cleared before each test. Default: a new SDK for each test.
     *
     * @return this
     */
    public Builder perClass() {
      this.perClass = true;
      return this;
    }

    /**
     * Also installs the SDK as the global OpenTelemetry while it lives; the previous global
     * instance is restored afterwards.
     *
     * @return this
     */
    public Builder global() {
      options.global(true);
      return this;
    }

    /**
     * Sets the remaining {@link TestTelemetry} options (service name, timeout, redactor, {@code
     * TracingSdk} customizations).
     *
     * @param customizer receives the options
     * @return this
     */
    public Builder telemetry(Consumer<TestTelemetry.Builder> customizer) {
      Objects.requireNonNull(customizer, "customizer").accept(options);
      return this;
    }

    /**
     * Builds the extension.
     *
     * @return the extension
     */
    public TracekitExtension build() {
      return new TracekitExtension(options, perClass);
    }
  }
}
