package dev.tracekit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracekit.api.SpanAttribute;
import dev.tracekit.api.Traced;
import dev.tracekit.api.Tracing;
import dev.tracekit.core.annotation.TracedAspect;
import dev.tracekit.core.annotation.TracedProxy;
import dev.tracekit.core.testing.TestSdk;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.aop.aspectj.annotation.AspectJProxyFactory;

/** {@code @Traced} without an agent: a JDK dynamic proxy and the AspectJ aspect via Spring AOP. */
class TracedTest {
  interface OrderService {
    @Traced(
        kind = SpanKind.SERVER,
        attributes = {"tier=gold", "region=eu"})
    String place(@SpanAttribute("order.customer_id") String customer, int quantity);

    @Traced("orders.cancel")
    void cancel(String id) throws IOException;

    @Traced(captureArguments = true)
    CompletionStage<Integer> count(String status, CompletableFuture<Integer> result);

    String untraced();
  }

  static class DefaultOrderService implements OrderService {
    @Override
    public String place(String customer, int quantity) {
      return customer + ":" + quantity;
    }

    @Override
    public void cancel(String id) throws IOException {
      throw new IOException("order " + id + " already shipped");
    }

    @Override
    public CompletionStage<Integer> count(String status, CompletableFuture<Integer> result) {
      return result;
    }

    @Override
    public String untraced() {
      return "plain";
    }
  }

  /** A class (no interface) annotated on its own methods, for the aspect. */
  public static class Billing {
    @Traced(kind = SpanKind.CLIENT)
    public String charge(@SpanAttribute("billing.amount_cents") long cents) {
      return "charged " + cents;
    }

    @Traced
    public String fail() {
      throw new IllegalStateException("card declined");
    }
  }

  private TestSdk test;
  private InMemorySpanExporter exporter;
  private OpenTelemetrySdk sdk;

  @BeforeEach
  void setUp() {
    test = TestSdk.create();
    exporter = test.spanExporter();
    sdk = test.sdk();
  }

  @AfterEach
  void tearDown() {
    test.close();
  }

  private SpanData only(String name) {
    List<SpanData> found =
        exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
    assertThat(found).as("spans named " + name).hasSize(1);
    return found.get(0);
  }

  @Test
  void proxyTracesAnnotatedInterfaceMethods() throws Exception {
    OrderService service = TracedProxy.create(OrderService.class, new DefaultOrderService(), sdk);
    assertThat(service.place("c-9", 2)).isEqualTo("c-9:2");
    SpanData place = only("DefaultOrderService.place");
    assertThat(place.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(place.getAttributes().get(AttributeKey.stringKey("tier"))).isEqualTo("gold");
    assertThat(place.getAttributes().get(AttributeKey.stringKey("region"))).isEqualTo("eu");
    assertThat(place.getAttributes().get(AttributeKey.stringKey("order.customer_id")))
        .isEqualTo("c-9");
    // Arguments are not captured unless asked for.
    assertThat(place.getAttributes().asMap().keySet())
        .extracting(AttributeKey::getKey)
        .noneMatch(k -> k.startsWith("tracekit.code.arg"));

    assertThatThrownBy(() -> service.cancel("o-1"))
        .isInstanceOf(IOException.class)
        .hasMessage("order o-1 already shipped");
    SpanData cancel = only("orders.cancel");
    assertThat(cancel.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);

    assertThat(service.untraced()).isEqualTo("plain");
    assertThat(service.toString()).isNotNull();
    assertThat(exporter.getFinishedSpanItems()).hasSize(2);
  }

  @Test
  void proxyEndsTheSpanOfACompletionStageWhenItCompletes() {
    OrderService service = TracedProxy.create(OrderService.class, new DefaultOrderService(), sdk);
    CompletableFuture<Integer> result = new CompletableFuture<>();
    service.count("open", result);
    assertThat(exporter.getFinishedSpanItems()).isEmpty();
    result.complete(5);
    SpanData count = only("DefaultOrderService.count");
    assertThat(count.getAttributes().get(AttributeKey.stringKey("tracekit.code.arg.0")))
        .isEqualTo("open");
  }

  @Test
  void proxyRejectsAClassAtConfigurationTime() {
    assertThatThrownBy(
            () -> TracedProxy.create(DefaultOrderService.class, new DefaultOrderService(), sdk))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an interface");
  }

  @Test
  void aspectTracesClassesThroughSpringAop() {
    AspectJProxyFactory factory = new AspectJProxyFactory(new Billing());
    factory.addAspect(new TracedAspect(Tracing.create(sdk)));
    Billing billing = factory.getProxy();
    assertThat(billing.charge(1299)).isEqualTo("charged 1299");
    SpanData charge = only("Billing.charge");
    assertThat(charge.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(charge.getAttributes().get(AttributeKey.longKey("billing.amount_cents")))
        .isEqualTo(1299L);

    assertThatThrownBy(billing::fail)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("card declined");
    SpanData fail = only("Billing.fail");
    assertThat(fail.getStatus().getDescription()).isEqualTo("card declined");
  }

  public interface Greeter {
    String greet(String name);
  }

  public static class AnnotatedGreeter implements Greeter {
    @Override
    @Traced("greeter.greet")
    public String greet(String name) {
      return "hi " + name;
    }
  }

  @Test
  void aspectTracesInterfaceBeansAnnotatedOnTheImplementation() {
    AspectJProxyFactory factory = new AspectJProxyFactory(new AnnotatedGreeter());
    factory.addInterface(Greeter.class);
    factory.addAspect(new TracedAspect(Tracing.create(sdk)));
    Greeter greeter = factory.getProxy();
    assertThat(greeter.greet("ana")).isEqualTo("hi ana");
    assertThat(only("greeter.greet").getKind()).isEqualTo(SpanKind.INTERNAL);
  }
}
