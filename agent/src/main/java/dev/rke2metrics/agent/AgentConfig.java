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
      new LinkedHashSet<>(Arrays.asList("port", "host", "prefix", "buckets", "strict", "extra.metrics"));

  private final String source;
  private int port = DEFAULT_PORT;
  private String host = DEFAULT_HOST;
  private String prefix = DEFAULT_PREFIX;
  private double[] buckets = DEFAULT_BUCKETS.clone();
  private boolean strict;
  private boolean extraMetrics = true;
  private final EndpointSecurity security = new EndpointSecurity();
  private final PushSettings push = new PushSettings();
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
    config.security.checkComplete(config::badEndpoint);
    config.push.checkComplete(config::problem);
    return config;
  }

  private void apply(String key, String value) {
    Operation op = Operation.forKey(key);
    if (op != null) {
      parseSpecs(op, value);
      return;
    }
    if (security.apply(key, value, this::badEndpoint) || push.apply(key, value, this::problem)) {
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
        strict = parseBoolean(key, value, strict);
        break;
      case "extra.metrics":
        extraMetrics = parseBoolean(key, value, extraMetrics);
        break;
      default:
        problem("unknown key '" + key + "' (" + suggestion(key) + ")");
    }
  }

  private boolean parseBoolean(String key, String value, boolean otherwise) {
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(value);
    }
    problem(key + "=" + value + " is not true or false");
    return otherwise;
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
    badEndpoint(key + "=" + value + " " + why);
  }

  /** A problem that leaves the endpoint unable to serve safely (a TLS or auth key among them). */
  private void badEndpoint(String what) {
    endpointUsable = false;
    problem(what);
  }

  private void problem(String what) {
    problems.add(source + ": " + what);
  }

  /** "did you mean ...?" for a near miss (a case slip or a typo or two), else every known key. */
  static String suggestion(String unknown) {
    String best = null;
    int bestDistance = 3;
    for (String known : knownKeys()) {
      int distance = known.equalsIgnoreCase(unknown) ? 0 : editDistance(known, unknown);
      if (distance < bestDistance) {
        best = known;
        bestDistance = distance;
      }
    }
    return best != null ? "did you mean '" + best + "'?" : "known keys: " + String.join(", ", knownKeys());
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /** Every key the file may hold. */
  public static List<String> knownKeys() {
    List<String> keys = new ArrayList<>(SETTING_KEYS);
    for (Operation op : Operation.values()) {
      keys.add(op.key());
    }
    keys.addAll(Arrays.asList(EndpointSecurity.KEYS));
    keys.addAll(Arrays.asList(PushSettings.KEYS));
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

  /** Whether to serve the series RKE2 lacks: last success per step and the agent's own info. */
  public boolean extraMetrics() {
    return extraMetrics;
  }

  EndpointSecurity security() {
    return security;
  }

  PushSettings push() {
    return push;
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
