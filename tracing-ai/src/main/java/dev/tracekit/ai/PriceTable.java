package dev.tracekit.ai;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Prices per model, per million input, output and cached input tokens, used to add a call's cost
 * ({@code tracekit.gen_ai.usage.cost}) and the cost counter. Never fetched over the network: built
 * in code or read from a file. Unknown models add no cost.
 *
 * <p>A model name matches a table entry exactly, or when it is the entry followed by a dated or
 * numbered suffix ({@code gpt-4o-2024-08-06} matches {@code gpt-4o}; {@code gpt-4o-mini} does not).
 *
 * <p>File format (CSV, UTF-8): one model per line, {@code model,input,output[,cached_input]} with
 * prices per million tokens; blank lines and lines starting with {@code #} are ignored; a header
 * line starting with {@code model,} is skipped. Cached input defaults to the input price.
 *
 * <pre>
 * # model,input,output,cached_input  (USD per 1M tokens)
 * gpt-4o,2.50,10.00,1.25
 * text-embedding-3-small,0.02,0
 * </pre>
 */
public final class PriceTable {
  private final Map<String, double[]> prices;

  private PriceTable(Map<String, double[]> prices) {
    this.prices = prices;
  }

  /**
   * Starts an empty table.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads a table from a CSV file (format above).
   *
   * @param file the file
   * @return the table
   * @throws IOException when the file cannot be read
   * @throws NullPointerException if {@code file} is null
   * @throws IllegalArgumentException when a line is malformed (with its number)
   */
  public static PriceTable load(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    return parse(Files.readString(file, StandardCharsets.UTF_8));
  }

  /**
   * Parses a table from CSV text (format above).
   *
   * @param csv the text
   * @return the table
   * @throws NullPointerException if {@code csv} is null
   * @throws IllegalArgumentException when a line is malformed (with its number)
   */
  public static PriceTable parse(String csv) {
    Objects.requireNonNull(csv, "csv");
    Builder b = builder();
    String[] lines = csv.split("\\R");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#") || line.toLowerCase().startsWith("model,")) {
        continue;
      }
      String[] f = line.split(",", -1);
      if (f.length < 3 || f.length > 4) {
        throw new IllegalArgumentException(
            "price table line " + (i + 1) + ": expected model,input,output[,cached_input]");
      }
      try {
        double in = Double.parseDouble(f[1].strip());
        double out = Double.parseDouble(f[2].strip());
        double cached = f.length == 4 ? Double.parseDouble(f[3].strip()) : in;
        b.price(f[0].strip(), in, out, cached);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("price table line " + (i + 1) + ": bad number", e);
      }
    }
    return b.build();
  }

  /**
   * The cost of a call.
   *
   * @param model the model (response model preferred, else the requested one); null gives NaN
   * @param inputTokens input tokens, including cached ones
   * @param outputTokens output tokens
   * @param cachedInputTokens input tokens read from the provider's cache (0 if unknown)
   * @return the cost, or NaN when the model is not in the table
   */
  public double cost(
      @Nullable String model, long inputTokens, long outputTokens, long cachedInputTokens) {
    double[] p = find(model);
    if (p == null) {
      return Double.NaN;
    }
    long cached = Math.max(0, Math.min(cachedInputTokens, inputTokens));
    long in = Math.max(0, inputTokens) - cached;
    return (in * p[0] + Math.max(0, outputTokens) * p[1] + cached * p[2]) / 1_000_000d;
  }

  /**
   * Whether the model has a price.
   *
   * @param model the model; null gives false
   * @return true when {@link #cost} gives a number for it
   */
  public boolean contains(@Nullable String model) {
    return find(model) != null;
  }

  private double @Nullable [] find(@Nullable String model) {
    if (model == null) {
      return null;
    }
    double[] p = prices.get(model);
    if (p != null) {
      return p;
    }
    int dash = model.length();
    while ((dash = model.lastIndexOf('-', dash - 1)) > 0) {
      if (dash + 1 < model.length() && Character.isDigit(model.charAt(dash + 1))) {
        p = prices.get(model.substring(0, dash));
        if (p != null) {
          return p;
        }
      } else {
        return null;
      }
    }
    return null;
  }

  /** Builds a {@link PriceTable}. */
  public static final class Builder {
    private final Map<String, double[]> prices = new LinkedHashMap<>();

    Builder() {}

    /**
     * Adds a model whose cached input costs as much as input.
     *
     * @param model the model name
     * @param inputPerMillion price per million input tokens
     * @param outputPerMillion price per million output tokens
     * @return this
     * @throws NullPointerException if {@code model} is null
     * @throws IllegalArgumentException when a price is negative or not finite
     */
    public Builder price(String model, double inputPerMillion, double outputPerMillion) {
      return price(model, inputPerMillion, outputPerMillion, inputPerMillion);
    }

    /**
     * Adds a model.
     *
     * @param model the model name
     * @param inputPerMillion price per million input tokens
     * @param outputPerMillion price per million output tokens
     * @param cachedInputPerMillion price per million cached input tokens
     * @return this
     * @throws NullPointerException if {@code model} is null
     * @throws IllegalArgumentException when a price is negative or not finite, or the name empty
     */
    public Builder price(
        String model,
        double inputPerMillion,
        double outputPerMillion,
        double cachedInputPerMillion) {
      Objects.requireNonNull(model, "model");
      if (model.isBlank()) {
        throw new IllegalArgumentException("model must not be blank");
      }
      for (double d : new double[] {inputPerMillion, outputPerMillion, cachedInputPerMillion}) {
        if (!(d >= 0) || Double.isInfinite(d)) {
          throw new IllegalArgumentException("price for " + model + " must be finite and >= 0");
        }
      }
      prices.put(model, new double[] {inputPerMillion, outputPerMillion, cachedInputPerMillion});
      return this;
    }

    /**
     * Builds the table.
     *
     * @return the table
     */
    public PriceTable build() {
      return new PriceTable(Map.copyOf(prices));
    }
  }
}
