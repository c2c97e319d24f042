package dev.tracekit.ai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.testing.TestTelemetry;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/** tracing-ai works with openai-java (and Kotlin) absent from the class path. */
class WithoutOpenAiJavaTest {

  /** Defines dev.tracekit.ai classes itself and refuses com.openai and kotlin classes. */
  static final class HidingLoader extends ClassLoader {
    HidingLoader(ClassLoader parent) {
      super(parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (name.startsWith("com.openai.") || name.startsWith("kotlin.")) {
        throw new ClassNotFoundException(name + " hidden");
      }
      if (name.startsWith("dev.tracekit.ai.")) {
        synchronized (getClassLoadingLock(name)) {
          Class<?> c = findLoadedClass(name);
          if (c == null) {
            try (InputStream in =
                getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
              if (in == null) {
                throw new ClassNotFoundException(name);
              }
              byte[] b = in.readAllBytes();
              c = defineClass(name, b, 0, b.length);
            } catch (IOException e) {
              throw new ClassNotFoundException(name, e);
            }
          }
          return c;
        }
      }
      return super.loadClass(name, resolve);
    }
  }

  /** Runs inside the hiding loader. */
  public static final class Scenario implements Callable<String> {
    @Override
    public String call() throws Exception {
      try (TestTelemetry sdk = TestTelemetry.create()) {
        AiTracing ai = AiTracing.create(sdk.openTelemetry());
        Object plain = ai.chat("openai", "gpt-4o").call(() -> new Object());
        String body =
            ai.chat("openai", "gpt-4o")
                .call(
                    () ->
                        "{\"id\":\"c1\",\"model\":\"gpt-4o\",\"choices\":[],"
                            + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4}}");
        return plain.getClass().getName()
            + " "
            + dev.tracekit.ai.internal.OpenAiJavaBridge.available()
            + " "
            + sdk.awaitSpans(2).get(1).getAttributes().get(GenAiAttributes.USAGE_OUTPUT_TOKENS)
            + " "
            + body.length();
      }
    }
  }

  @Test
  void worksWithoutOpenAiJava() throws Exception {
    ClassLoader loader = new HidingLoader(WithoutOpenAiJavaTest.class.getClassLoader());
    Class<?> scenario = loader.loadClass(Scenario.class.getName());
    assertThat(scenario.getClassLoader()).isSameAs(loader);
    @SuppressWarnings("unchecked")
    Callable<String> run = (Callable<String>) scenario.getDeclaredConstructor().newInstance();
    assertThat(run.call()).startsWith("java.lang.Object false 4 ");
    assertThat(dev.tracekit.ai.internal.OpenAiJavaBridge.available()).isTrue();
  }
}
