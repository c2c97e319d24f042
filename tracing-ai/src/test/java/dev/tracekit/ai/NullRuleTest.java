package dev.tracekit.ai;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracekit.api.support.Diagnostics;
import dev.tracekit.testing.TestTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The null rule over tracing-ai's public API: set-up methods throw a {@link NullPointerException}
 * naming the parameter; run-time methods never throw on null input (a null callback is skipped and
 * reported once, a null name becomes a default).
 */
class NullRuleTest {

  /** Every public instance method of the run-time types, called with nulls, throws nothing. */
  @Test
  void everyRunTimeMethodToleratesNulls() throws Exception {
    try (TestTelemetry sdk = TestTelemetry.create()) {
      AiTracing ai = AiTracing.create(sdk.openTelemetry());
      Map<Class<?>, Function<AiTracing, Object>> instances = new LinkedHashMap<>();
      instances.put(AiTracing.class, a -> a);
      instances.put(ModelCall.class, a -> a.chat("openai", "gpt-4o"));
      instances.put(ToolCall.class, a -> a.tool("search"));
      instances.put(AgentCall.class, a -> a.agent("planner"));
      instances.put(AiSpan.class, a -> a.chat("openai", "gpt-4o").begin());
      instances.put(ResponseInfo.class, a -> a.chat("openai", "gpt-4o").begin().response());
      instances.put(TracingSemanticCache.class, a -> a.cache("answers"));
      instances.put(CacheLookup.class, a -> new CacheLookup());
      instances.put(MlOperation.class, a -> a.mlOperation("train", "churn"));
      instances.put(WorkflowNode.class, a -> a.workflowNode("intake_bot", "classify"));
      instances.put(Handoff.class, a -> a.handoff("intake_bot", "billing_bot"));
      instances.put(PriceTable.class, a -> PriceTable.builder().price("gpt-4o", 2.5, 10).build());

      List<String> called = new ArrayList<>();
      for (Map.Entry<Class<?>, Function<AiTracing, Object>> e : instances.entrySet()) {
        for (Method m : e.getKey().getDeclaredMethods()) {
          if (!Modifier.isPublic(m.getModifiers()) || Modifier.isStatic(m.getModifiers())) {
            continue;
          }
          Object target = e.getValue().apply(ai);
          Object[] args = nullArguments(m);
          String name = e.getKey().getSimpleName() + "." + m.getName();
          assertThatCode(
                  () -> {
                    try {
                      m.invoke(target, args);
                    } catch (InvocationTargetException ex) {
                      throw ex.getCause();
                    }
                  })
              .as(name + " with null arguments")
              .doesNotThrowAnyException();
          called.add(name);
          if (target instanceof AiSpan span) {
            span.end(); // end what begin() started, as a caller would
          }
        }
      }
      assertThat(called)
          .contains(
              "AiTracing.chat",
              "AiTracing.tool",
              "AiTracing.agent",
              "AiTracing.cache",
              "AiTracing.workflowNode",
              "AiTracing.handoff",
              "AiTracing.mlOperation",
              "ModelCall.call",
              "ModelCall.stream",
              "ModelCall.streamHttp",
              "ToolCall.call",
              "AgentCall.invoke",
              "AgentCall.create",
              "AiSpan.fail",
              "AiSpan.result",
              "ResponseInfo.responseModel",
              "TracingSemanticCache.lookup",
              "TracingSemanticCache.store",
              "MlOperation.call",
              "WorkflowNode.call",
              "Handoff.call",
              "PriceTable.cost")
          .hasSizeGreaterThan(60);
      // A null callback runs nothing and opens no span; each kind is reported once.
      assertThat(sdk.spans()).noneMatch(s -> s.getName().contains("null"));
      assertThat(Diagnostics.wasReported("ai.null.ModelCall.call.fn")).isTrue();
      assertThat(Diagnostics.wasReported("ai.null.ToolCall.call.fn")).isTrue();
      assertThat(Diagnostics.wasReported("ai.null.AgentCall.invoke.fn")).isTrue();
      assertThat(Diagnostics.wasReported("ai.null.TracingSemanticCache.lookup.fn")).isTrue();
      assertThat(Diagnostics.wasReported("ai.null.AiTracing.operation.model")).isTrue();
    }
  }

  @Test
  void nullNamesBecomeDefaultsAndNullCallbacksReturnNullOrEmpty() throws Exception {
    try (TestTelemetry sdk = TestTelemetry.create()) {
      AiTracing ai = AiTracing.create(sdk.openTelemetry());
      assertThat(ai.chat(null, null).call(() -> "x")).isEqualTo("x");
      assertThat(sdk.span("chat unknown"))
          .hasAttribute(GenAiAttributes.PROVIDER_NAME, GenAiAttributes.PROVIDER_OTHER);
      assertThat(ai.tool(null).call(() -> 1)).isEqualTo(1);
      assertThat(sdk.span("execute_tool unknown")).isNotNull();
      assertThat(ai.cache(null).lookup(null, () -> "v")).isEqualTo("v");
      assertThat(sdk.span("semantic_cache.lookup default")).isNotNull();

      assertThat(ai.chat("openai", "gpt-4o").<String, RuntimeException>call(null)).isNull();
      assertThat(ai.chat("openai", "gpt-4o").stream(null, null)).isEmpty();
      assertThat(ai.chat("openai", "gpt-4o").streamHttp(null)).isEmpty();
      assertThat(ai.agent("a").<String, RuntimeException>invoke(null)).isNull();
      assertThat(ai.workflowNode("b", "n").<String, RuntimeException>call(null)).isNull();
      assertThat(sdk.spans()).hasSize(3);
    }
  }

  @Test
  void builtInExtractorsTolerateNulls() {
    ResponseInfo info = new ResponseInfo(false);
    assertThatCode(
            () -> {
              OpenAiCompatible.json().extract(null, info);
              OpenAiCompatible.httpResponse().extract(null, info);
              OpenAiCompatible.sseLines().extract(null, info);
              dev.tracekit.ai.openai.OpenAiJavaExtractors.chatCompletion().extract(null, info);
              dev.tracekit.ai.openai.OpenAiJavaExtractors.embeddings().extract(null, info);
              dev.tracekit.ai.openai.OpenAiJavaExtractors.chunks().extract(null, info);
              dev.tracekit.ai.openai.OpenAiJavaExtractors.extractAny(null, info);
              dev.tracekit.ai.openai.OpenAiJavaExtractors.classifyError(null, info);
              OpenAiCompatible.json().extract("{}", null);
              OpenAiCompatible.sseLines().extract("data: {}", null);
              dev.tracekit.ai.openai.OpenAiJavaExtractors.extractAny("x", null);
              dev.tracekit.ai.openai.OpenAiJavaExtractors.classifyError(
                  new RuntimeException(), null);
            })
        .doesNotThrowAnyException();
  }

  @Test
  void setUpMethodsFailFastNamingTheParameter() {
    OpenTelemetry otel = OpenTelemetry.noop();
    assertNpe(() -> AiTracing.create(null), "openTelemetry");
    assertNpe(() -> AiTracing.builder(null), "openTelemetry");
    AiTracingBuilder b = AiTracing.builder(otel);
    assertNpe(() -> b.redact(null, "x"), "pattern");
    assertNpe(() -> b.redact(Pattern.compile("x"), null), "replacement");
    assertNpe(() -> b.priceTable((PriceTable) null), "prices");
    assertNpe(() -> b.priceTable((Path) null), "file");
    assertNpe(() -> b.defaultProvider(null), "provider");
    assertNpe(() -> b.serverAddress(null, 443), "address");
    assertNpe(() -> b.convention(null), "convention");
    assertNpe(() -> PriceTable.load(null), "file");
    assertNpe(() -> PriceTable.parse(null), "csv");
    assertNpe(() -> PriceTable.builder().price(null, 1, 1), "model");
  }

  private static void assertNpe(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String parameter) {
    assertThatThrownBy(call).isInstanceOf(NullPointerException.class).hasMessage(parameter);
  }

  private static Object[] nullArguments(Method m) {
    Class<?>[] types = m.getParameterTypes();
    Object[] args = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      Class<?> t = types[i];
      if (t == boolean.class) {
        args[i] = false;
      } else if (t == int.class) {
        args[i] = 0;
      } else if (t == long.class) {
        args[i] = 0L;
      } else if (t == double.class) {
        args[i] = Double.NaN;
      } else if (t.isPrimitive()) {
        throw new AssertionError("unexpected primitive " + t + " in " + m);
      }
    }
    return args;
  }
}
