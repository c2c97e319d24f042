package dev.tracekit.springtests.springai;

import java.util.List;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A Boot application answering questions through Spring AI's ChatClient, with one tool. */
@SpringBootApplication
public class AiApplication {
  /** For Spring. */
  public AiApplication() {}

  /** The tools the model may call. */
  public static class StockTools {
    /** For Spring AI. */
    public StockTools() {}

    /**
     * The stock of a SKU.
     *
     * @param sku the SKU
     * @return the stock level
     */
    @Tool(name = "stock_level", description = "Stock level of a SKU")
    public String stockLevel(String sku) {
      return "42 units of " + sku;
    }
  }

  /** The endpoints. */
  @RestController
  public static class AskController {
    private final ChatClient chat;

    /**
     * Builds the ChatClient from Boot's builder (which TraceKit customized).
     *
     * @param builder Boot's ChatClient builder
     */
    public AskController(ChatClient.Builder builder) {
      this.chat = builder.build();
    }

    /**
     * A question that makes the model call the tool.
     *
     * @param conversation the conversation id
     * @return the answer
     */
    @GetMapping("/ask")
    public String ask(@RequestParam("conversation") String conversation) {
      return chat.prompt()
          .user("How many units of A1?")
          .advisors(a -> a.param(ChatMemory.CONVERSATION_ID, conversation))
          .tools(new StockTools())
          .call()
          .content();
    }

    /**
     * A streamed answer.
     *
     * @return the answer
     */
    @GetMapping("/stream")
    public String stream() {
      List<String> parts = chat.prompt().user("Say hello").stream().content().collectList().block();
      return parts == null ? "" : String.join("", parts);
    }
  }
}
