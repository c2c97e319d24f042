package dev.tracekit.ai.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void parsesValues() {
    Object v =
        Json.parse(
            " {\"a\": [1, -2.5e3, true, false, null, \"x\\n\\u00e9\\\"\"], \"b\": {}, \"c\": []} ");
    assertThat(v).isInstanceOf(Map.class);
    List<Object> a = Json.list(v, "a");
    assertThat(a).containsExactly(1L, -2500.0, true, false, Json.NULL, "x\né\"");
    assertThat(Json.get(v, "b")).isEqualTo(Map.of());
    assertThat(Json.integer(v, "missing")).isEqualTo(-1);
    assertThat(Json.string(v, "a")).isNull();
  }

  @Test
  void malformedInputGivesNullNeverThrows() {
    for (String bad :
        List.of(
            "",
            "{",
            "{\"a\":}",
            "[1,]",
            "{\"a\":1}}",
            "tru",
            "\"unterminated",
            "{\"a\":\"\\u12\"}",
            "{'a':1}",
            "-",
            "[".repeat(10_000),
            "{\"a\":1,}",
            "nul",
            "\"ctl\u0001\"")) {
      assertThat(Json.parse(bad)).as(bad.length() > 20 ? "deep" : bad).isNull();
    }
    assertThat(Json.parse(null)).isNull();
  }

  @Test
  void quotesStrings() {
    assertThat(Json.quote(new StringBuilder(), "a\"b\\c\n\u0002").toString())
        .isEqualTo("\"a\\\"b\\\\c\\n\\u0002\"");
    assertThat(Json.parse(Json.quote(new StringBuilder(), "tab\there").toString()))
        .isEqualTo("tab\there");
  }
}
