package dev.rke2metrics.agent;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The agent's properties file, parsed. Parsing never throws: every bad key or value becomes one
 * problem line naming the file, the key and the value, and the rest of the file still applies.
 */
public final class AgentConfig {
  public static final int DEFAULT_PORT = 9345;
  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final String DEFAULT_PREFIX = "rke2";

  /** RKE2's buckets: 0.008 s x 2^k, k = 0..14. */
  static final double[] DEFAULT_BUCKETS = defaultBuckets();

  private static final Pattern PREFIX = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  private static final Set<String> SETTING_KEYS =
      new LinkedHashSet<>(Arrays.asList("port", "host", "prefix", "buckets", "strict"));

  private final String source;
  private int port = DEFAULT_PORT;
  private String host = DEFAULT_HOST;
  private String prefix = DEFAULT_PREFIX;
  private double[] buckets = DEFAULT_BUCKETS.clone();
  private boolean strict;
  /** False when a setting the endpoint needs (port, host, prefix, buckets) is bad. */
  private boolean endpointUsable = true;
  private final Map<Operation, List<MethodSpec>> specs = new EnumMap<>(Operation.class);
  private final List<String> problems = new ArrayList<>();

  private AgentConfig(String source) {
    this.source = source;
    for (Operation op : Operation.values()) {
      specs.put(op, new ArrayList<>());
    }
  }

  /** Reads and parses a file; an unreadable file is one problem and leaves nothing mapped. */
  public static AgentConfig load(Path file) {
    Properties properties = new Properties();
    String source = file.toAbsolutePath().toString();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (NoSuchFileException e) {
      return unreadable(source, "no such file");
    } catch (IOException | IllegalArgumentException e) {
      return unreadable(source, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    return parse(properties, source);
  }

  private static AgentConfig unreadable(String source, String why) {
    AgentConfig config = new AgentConfig(source);
    config.endpointUsable = false;
    config.problems.add("cannot read " + source + ": " + why);
    return config;
  }

  /** Parses properties that came from {@code source} (named in every problem). */
  public static AgentConfig parse(Properties properties, String source) {
    AgentConfig config = new AgentConfig(source);
    for (String key : new TreeSet<>(properties.stringPropertyNames())) {
      config.apply(key, properties.getProperty(key).trim());
    }
    return config;
  }

  private void apply(String key, String value) {
    Operation op = Operation.forKey(key);
    if (op != null) {
      parseSpecs(op, value);
      return;
    }
    switch (key) {
      case "port":
        port = parsePort(value);
        break;
      case "host":
        if (value.isEmpty()) {
          badSetting(key, value, "is empty: give a bind address such as 0.0.0.0 or 127.0.0.1");
        } else {
          host = value;
        }
        break;
      case "prefix":
        if (!PREFIX.matcher(value).matches()) {
          badSetting(key, value, "is not a valid metric name prefix ([a-zA-Z_:][a-zA-Z0-9_:]*)");
        } else {
          prefix = value;
        }
        break;
      case "buckets":
        buckets = parseBuckets(value);
        break;
      case "strict":
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
          strict = Boolean.parseBoolean(value);
        } else {
          problem(key + "=" + value + " is not true or false");
        }
        break;
      default:
        problem("unknown key '" + key + "' (known keys: " + String.join(", ", knownKeys()) + ")");
    }
  }

  private int parsePort(String value) {
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= 0 && parsed <= 65535) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    badSetting("port", value, "is not a port number (0 to 65535; 0 picks a free port)");
    return DEFAULT_PORT;
  }

  private double[] parseBuckets(String value) {
    String[] parts = value.split(",");
    double[] bounds = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        bounds[i] = Double.parseDouble(parts[i].trim());
      } catch (NumberFormatException e) {
        badSetting("buckets", value, "has '" + parts[i].trim() + "', which is not a number");
        return DEFAULT_BUCKETS.clone();
      }
      if (!(bounds[i] > 0) || Double.isInfinite(bounds[i])) {
        badSetting("buckets", value, "has '" + parts[i].trim() + "': bounds must be finite and > 0");
        return DEFAULT_BUCKETS.clone();
      }
      if (i > 0 && bounds[i] <= bounds[i - 1]) {
        badSetting("buckets", value, "is not strictly increasing at '" + parts[i].trim() + "'");
        return DEFAULT_BUCKETS.clone();
      }
    }
    return bounds;
  }

  private void parseSpecs(Operation op, String value) {
    for (String part : value.split(",(?![^(]*\\))")) {
      if (part.isBlank()) {
        continue;
      }
      try {
        specs.get(op).add(MethodSpec.parse(part));
      } catch (IllegalArgumentException e) {
        problem(op.key() + ": " + e.getMessage());
      }
    }
  }

  private void badSetting(String key, String value, String why) {
    endpointUsable = false;
    problem(key + "=" + value + " " + why);
  }

  private void problem(String what) {
    problems.add(source + ": " + what);
  }

  /** Every key the file may hold. */
  public static List<String> knownKeys() {
    List<String> keys = new ArrayList<>(SETTING_KEYS);
    for (Operation op : Operation.values()) {
      keys.add(op.key());
    }
    return keys;
  }

  private static double[] defaultBuckets() {
    double[] bounds = new double[15];
    for (int k = 0; k < bounds.length; k++) {
      bounds[k] = 0.008 * (1L << k);
    }
    return bounds;
  }

  public String source() {
    return source;
  }

  public int port() {
    return port;
  }

  public String host() {
    return host;
  }

  public String prefix() {
    return prefix;
  }

  public double[] buckets() {
    return buckets.clone();
  }

  public boolean strict() {
    return strict;
  }

  /** Whether port, host, prefix and buckets are all valid, so metrics can be served. */
  public boolean endpointUsable() {
    return endpointUsable;
  }

  /** The specs of one operation, in file order. */
  public List<MethodSpec> specs(Operation op) {
    return Collections.unmodifiableList(specs.get(op));
  }

  /** All mappings, operation by operation. */
  public List<Mapping> mappings() {
    List<Mapping> all = new ArrayList<>();
    for (Operation op : Operation.values()) {
      for (MethodSpec spec : specs.get(op)) {
        all.add(new Mapping(op, spec));
      }
    }
    return all;
  }

  /** One line per bad key or value, each naming the file; empty when the file is valid. */
  public List<String> problems() {
    return Collections.unmodifiableList(problems);
  }
}
