package dev.tracekit.core.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The tracestate rules of the W3C Trace Context test suite (strict level 2) on the propagator, with
 * header lines already combined as RFC 9110 says; OpenTelemetry's own propagator is asserted where
 * it differs, so the reason for this class stays visible.
 */
class TraceContextPropagatorTest {
  private static final String PARENT = "00-12345678901234567890123456789012-1234567890123456-00";
  private static final TextMapGetter<Map<String, String>> GETTER =
      new TextMapGetter<>() {
        @Override
        @SuppressWarnings("deprecation")
        public Iterable<String> keys(Map<String, String> carrier) {
          return carrier.keySet();
        }

        @Override
        public @Nullable String get(@Nullable Map<String, String> carrier, String key) {
          return carrier == null ? null : carrier.get(key);
        }
      };

  private static SpanContext extract(TextMapPropagator propagator, @Nullable String tracestate) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("traceparent", PARENT);
    if (tracestate != null) {
      headers.put("tracestate", tracestate);
    }
    return Span.fromContext(propagator.extract(Context.root(), headers, GETTER)).getSpanContext();
  }

  private static TraceState state(String tracestate) {
    SpanContext context = extract(TraceContextPropagator.getInstance(), tracestate);
    assertThat(context.getTraceId()).isEqualTo("12345678901234567890123456789012");
    assertThat(context.isRemote()).isTrue();
    return context.getTraceState();
  }

  private static String injected(TraceState state) {
    Map<String, String> out = new LinkedHashMap<>();
    SpanContext context =
        SpanContext.createFromRemoteParent(
            "12345678901234567890123456789012",
            "1234567890123456",
            io.opentelemetry.api.trace.TraceFlags.getSampled(),
            state);
    TraceContextPropagator.getInstance()
        .inject(Context.root().with(Span.wrap(context)), out, Map::put);
    assertThat(out.get("traceparent"))
        .isEqualTo("00-12345678901234567890123456789012-1234567890123456-01");
    return out.getOrDefault("tracestate", "");
  }

  @Test
  void duplicatedKeysKeepTheFirstMemberWhereOpenTelemetryDropsEverything() {
    assertThat(state("foo=1,foo=2").asMap()).containsExactly(Map.entry("foo", "1"));
    assertThat(state("foo=1,foo=1").asMap()).containsExactly(Map.entry("foo", "1"));
    assertThat(extract(W3CTraceContextPropagator.getInstance(), "foo=1,foo=2").getTraceState())
        .matches(TraceState::isEmpty, "OpenTelemetry Java drops the tracestate");
  }

  @Test
  void keysWithAtSignsFollowTheCurrentGrammar() {
    assertThat(state("foo@=1,bar=2").asMap())
        .containsExactly(Map.entry("foo@", "1"), Map.entry("bar", "2"));
    assertThat(state("foo@@bar=1,bar=2").get("foo@@bar")).isEqualTo("1");
    assertThat(state("foo@bar@baz=1,bar=2").get("foo@bar@baz")).isEqualTo("1");
    assertThat(state("@foo=1,bar=2").isEmpty()).isTrue();
    String longTenant = "t".repeat(241) + "@" + "v".repeat(14);
    assertThat(state("foo=1," + longTenant + "=1").get(longTenant)).isEqualTo("1");
    String shortVendor = "t".repeat(242) + "@v";
    assertThat(state("foo=1," + shortVendor + "=1").get(shortVendor)).isEqualTo("1");
    assertThat(extract(W3CTraceContextPropagator.getInstance(), "foo@=1,bar=2").getTraceState())
        .matches(TraceState::isEmpty, "OpenTelemetry Java rejects foo@");
  }

  @Test
  void keyLengthLimitIs256() {
    String key = "z".repeat(256);
    assertThat(state("foo=1," + key + "=1").asMap()).containsKeys("foo", key);
    assertThat(state("foo=1," + "z".repeat(257) + "=1").isEmpty()).isTrue();
  }

  @Test
  void memberCountLimitIs32() {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i <= 33; i++) {
      sb.append(i == 1 ? "" : ",").append(String.format("bar%02d=%02d", i, i));
    }
    String thirtyThree = sb.toString();
    String thirtyTwo = thirtyThree.substring(0, thirtyThree.lastIndexOf(','));
    assertThat(state(thirtyTwo).size()).isEqualTo(32);
    assertThat(state(thirtyTwo).get("bar01")).isEqualTo("01");
    assertThat(state(thirtyThree).isEmpty()).isTrue();
  }

  @Test
  void illegalKeysAndValuesDiscardTheWholeTracestate() {
    for (String bad : List.of("foo =1", "FOO=1", "foo.bar=1", "foo=bar=baz", "foo=,bar=3")) {
      assertThat(state(bad).isEmpty()).as(bad).isTrue();
    }
  }

  @Test
  void whitespaceAndEmptyMembersAreIgnoredAndOrderIsKept() {
    assertThat(state("foo=1 \t , \t bar=2, \t baz=3").asMap())
        .containsExactly(Map.entry("foo", "1"), Map.entry("bar", "2"), Map.entry("baz", "3"));
    assertThat(state("\t foo=1 \t").get("foo")).isEqualTo("1");
    assertThat(state(",foo=1,").get("foo")).isEqualTo("1");
    assertThat(state("").isEmpty()).isTrue();
    assertThat(state("foo=1,bar=2,rojo=1,congo=2,baz=3").toString())
        .isEqualTo("foo=1,bar=2,rojo=1,congo=2,baz=3");
  }

  @Test
  void allAllowedCharactersRoundTrip() {
    String key = "abcdefghijklmnopqrstuvwxyz0123456789_-*/";
    StringBuilder value = new StringBuilder();
    for (char c = 0x20; c <= 0x7e; c++) {
      if (c != ',' && c != '=') {
        value.append(c);
      }
    }
    TraceState state = state(key + "@a-z0-9_-*/=" + value);
    assertThat(state.get(key + "@a-z0-9_-*/")).isEqualTo(value.toString());
    assertThat(injected(state)).isEqualTo(key + "@a-z0-9_-*/=" + value);
  }

  @Test
  void invalidTraceparentIgnoresTracestate() {
    Map<String, String> headers =
        Map.of(
            "traceparent",
            "00-00000000000000000000000000000000-1234567890123456-01",
            "tracestate",
            "foo=1");
    Context context = TraceContextPropagator.getInstance().extract(Context.root(), headers, GETTER);
    assertThat(Span.fromContext(context).getSpanContext().isValid()).isFalse();
  }

  @Test
  void twoCombinedTraceparentLinesAreInvalid() {
    Map<String, String> headers =
        Map.of(
            "traceparent",
            "00-12345678901234567890123456789011-1234567890123456-01,"
                + "00-12345678901234567890123456789012-1234567890123456-01");
    Context context = TraceContextPropagator.getInstance().extract(Context.root(), headers, GETTER);
    assertThat(Span.fromContext(context).getSpanContext().isValid()).isFalse();
  }

  @Test
  void builderPutsNewKeysFirstAndKeepsAtMost32() {
    TraceState state = state("foo=1,bar=2");
    TraceState changed = state.toBuilder().put("bar", "3").put("tracekit@x", "y").build();
    assertThat(injected(changed)).isEqualTo("tracekit@x=y,bar=3,foo=1");
    TraceState removed = changed.toBuilder().remove("bar").put("BAD", "1").build();
    assertThat(removed.asMap())
        .containsExactly(Map.entry("tracekit@x", "y"), Map.entry("foo", "1"));
  }
}
