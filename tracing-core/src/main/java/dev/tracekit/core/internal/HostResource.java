package dev.tracekit.core.internal;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.resources.Resource;
import java.util.Locale;

/**
 * Host, OS and process resource attributes (semantic-convention keys), computed without network
 * look-ups: the host name comes from the {@code HOSTNAME}/{@code COMPUTERNAME} variables or {@code
 * /etc/hostname}, never from DNS.
 *
 * <p>Internal: not API.
 */
public final class HostResource {
  private HostResource() {}

  /** The resource; never throws. */
  public static Resource get() {
    AttributesBuilder b = Attributes.builder();
    try {
      String host = hostName();
      if (host != null) {
        b.put(AttributeKey.stringKey("host.name"), host);
      }
      b.put(AttributeKey.stringKey("host.arch"), System.getProperty("os.arch", "unknown"));
      b.put(AttributeKey.stringKey("os.type"), osType());
      b.put(
          AttributeKey.stringKey("os.description"),
          System.getProperty("os.name", "") + " " + System.getProperty("os.version", ""));
      b.put(AttributeKey.longKey("process.pid"), ProcessHandle.current().pid());
      b.put(
          AttributeKey.stringKey("process.runtime.name"),
          System.getProperty("java.runtime.name", "Java"));
      b.put(
          AttributeKey.stringKey("process.runtime.version"),
          System.getProperty("java.runtime.version", ""));
      b.put(
          AttributeKey.stringKey("process.runtime.description"),
          System.getProperty("java.vm.vendor", "")
              + " "
              + System.getProperty("java.vm.name", "")
              + " "
              + System.getProperty("java.vm.version", ""));
    } catch (RuntimeException e) {
      // Best effort: a resource attribute is never worth failing start-up for.
    }
    return Resource.create(b.build());
  }

  private static String osType() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    if (os.startsWith("linux")) {
      return "linux";
    } else if (os.startsWith("mac")) {
      return "darwin";
    } else if (os.startsWith("windows")) {
      return "windows";
    }
    return os.isEmpty() ? "unknown" : os.split(" ")[0];
  }

  private static @org.jspecify.annotations.Nullable String hostName() {
    String env = System.getenv("HOSTNAME");
    if (env == null || env.isBlank()) {
      env = System.getenv("COMPUTERNAME");
    }
    if (env != null && !env.isBlank()) {
      return env.trim();
    }
    try {
      java.nio.file.Path path = java.nio.file.Path.of("/etc/hostname");
      if (java.nio.file.Files.isReadable(path)) {
        String name = java.nio.file.Files.readString(path).trim();
        return name.isEmpty() ? null : name;
      }
    } catch (java.io.IOException | RuntimeException e) {
      return null;
    }
    return null;
  }
}
