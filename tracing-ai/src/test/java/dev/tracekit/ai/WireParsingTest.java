package dev.tracekit.ai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.ai.internal.OpenAiWire;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireParsingTest {
  @Test
  void severalChoicesAndTextCompletions() {
    ResponseInfo info = new ResponseInfo(true);
    OpenAiWire.body(
        "{\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"model\":\"gpt-3.5-turbo-instruct\","
            + "\"choices\":[{\"index\":0,\"text\":\"one\",\"finish_reason\":\"stop\"},"
            + "{\"index\":1,\"text\":\"two\",\"finish_reason\":\"length\"}],"
            + "\"usage\":{\"input_tokens\":5,\"output_tokens\":6}}",
        info);
    assertThat(info.finishReasons()).containsExactly("stop", "length");
    assertThat(info.inputTokens).isEqualTo(5);
    assertThat(info.outputTokens).isEqualTo(6);
    assertThat(info.outputText).hasSize(2);
    assertThat(info.outputText.get(1).toString()).isEqualTo("two");
  }

  @Test
  void sseLinesOfAllKinds() {
    ResponseInfo info = new ResponseInfo(false);
    assertThat(OpenAiWire.sseLine("", info)).isFalse();
    assertThat(OpenAiWire.sseLine(": keep-alive", info)).isFalse();
    assertThat(OpenAiWire.sseLine("event: message", info)).isFalse();
    assertThat(OpenAiWire.sseLine("data: [DONE]", info)).isFalse();
    assertThat(OpenAiWire.sseLine("data: {not json", info)).isFalse();
    assertThat(OpenAiWire.sseLine("data:{\"id\":\"x\",\"choices\":[]}", info)).isTrue();
    assertThat(
            OpenAiWire.sseLine(
                "data: {\"error\":{\"message\":\"overloaded\",\"type\":\"overloaded_error\"}}",
                info))
        .isFalse();
    assertThat(info.responseId).isEqualTo("x");
    assertThat(info.errorType).isEqualTo("overloaded_error");
    assertThat(info.captureContent()).isFalse();
    assertThat(info.outputText).isNull();
  }

  @Test
  void nonJsonAndOddShapesAreIgnored() {
    ResponseInfo info = new ResponseInfo(true);
    assertThat(OpenAiWire.body("<html>502 Bad Gateway</html>", info)).isFalse();
    assertThat(OpenAiWire.body("[1,2]", info)).isFalse();
    assertThat(
            OpenAiWire.body(
                "{\"choices\":\"nope\",\"usage\":[],\"id\":7,\"error\":null,\"model\":null}", info))
        .isTrue();
    assertThat(info.responseId).isNull();
    assertThat(info.finishReasons()).isNull();
    assertThat(List.of(info.inputTokens, info.outputTokens)).containsOnly(-1L);
  }
}
