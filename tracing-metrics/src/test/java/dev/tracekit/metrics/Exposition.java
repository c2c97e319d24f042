package dev.tracekit.metrics;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A scraped Prometheus text exposition, parsed into samples. */
final class Exposition {
  record Sample(String name, Map<String, String> labels, double value) {
    String label(String key) {
      return labels.get(key);
    }
  }

  private static final Pattern LINE =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+\\S+)?");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  final String text;
  final List<Sample> samples;

  private Exposition(String text, List<Sample> samples) {
    this.text = text;
    this.samples = samples;
  }

  static Exposition scrape(int port) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new AssertionError("scrape returned " + response.statusCode());
    }
    return parse(response.body());
  }

  static Exposition parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = LINE.matcher(line.trim());
      if (!m.matches()) {
        throw new AssertionError("unparseable exposition line: " + line);
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(2) != null) {
        Matcher l = LABEL.matcher(m.group(2));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      String raw = m.group(3);
      double value =
          raw.equals("+Inf")
              ? Double.POSITIVE_INFINITY
              : raw.equals("-Inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(raw);
      samples.add(new Sample(m.group(1), labels, value));
    }
    return new Exposition(text, samples);
  }

  List<Sample> named(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).collect(Collectors.toList());
  }

  /** The only sample with this name whose labels include all of these. */
  Sample one(String name, Map<String, String> labels) {
    List<Sample> matching =
        named(name).stream()
            .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
            .collect(Collectors.toList());
    if (matching.size() != 1) {
      throw new AssertionError(
          "expected one " + name + labels + " but found " + matching + " in\n" + text);
    }
    return matching.get(0);
  }

  /** A free loopback port (closed again before use; fine for tests on loopback). */
  static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
