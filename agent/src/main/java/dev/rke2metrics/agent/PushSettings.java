package dev.rke2metrics.agent;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code push.*} keys: where to push the metrics so that a short-lived process (a one-shot
 * {@code etcd-snapshot save}) is not lost before any scrape.
 */
final class PushSettings {
  static final String[] KEYS = {"push.url", "push.job", "push.grouping", "push.interval"};
  static final String DEFAULT_JOB = "rke2-metrics";
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");
  private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private URI url;
  private String job = DEFAULT_JOB;
  private final Map<String, String> grouping = new LinkedHashMap<>();
  private Duration interval;

  boolean apply(String key, String value, Consumer<String> problems) {
    switch (key) {
      case "push.url":
        try {
          URI parsed = URI.create(value);
          if (!("http".equals(parsed.getScheme()) || "https".equals(parsed.getScheme())) || parsed.getHost() == null
              || !(parsed.getPath() == null || parsed.getPath().isEmpty() || parsed.getPath().equals("/"))) {
            throw new IllegalArgumentException();
          }
          url = parsed;
        } catch (IllegalArgumentException e) {
          problems.accept("push.url=" + value + " is not a Pushgateway URL such as http://pushgateway:9091");
        }
        return true;
      case "push.job":
        if (value.isEmpty()) {
          problems.accept("push.job is empty");
        } else {
          job = value;
        }
        return true;
      case "push.grouping":
        for (String pair : value.split(",")) {
          String[] parts = pair.split("=", 2);
          if (parts.length != 2 || !LABEL.matcher(parts[0].trim()).matches() || parts[1].trim().isEmpty()) {
            problems.accept("push.grouping=" + value + " has '" + pair.trim() + "': write label=value,label=value");
            return true;
          }
          grouping.put(parts[0].trim(), parts[1].trim());
        }
        return true;
      case "push.interval":
        interval = parseDuration(value);
        if (interval == null || interval.isZero()) {
          interval = null;
          problems.accept("push.interval=" + value + " is not a duration such as 30s, 5m or 1h");
        }
        return true;
      default:
        return false;
    }
  }

  void checkComplete(Consumer<String> problems) {
    if (url == null && interval != null) {
      problems.accept("push.interval is set but push.url is not");
    }
  }

  static Duration parseDuration(String text) {
    Matcher matcher = DURATION.matcher(text.trim());
    if (!matcher.matches()) {
      return null;
    }
    long amount = Long.parseLong(matcher.group(1));
    String unit = matcher.group(2) == null ? "s" : matcher.group(2);
    switch (unit) {
      case "ms": return Duration.ofMillis(amount);
      case "m": return Duration.ofMinutes(amount);
      case "h": return Duration.ofHours(amount);
      default: return Duration.ofSeconds(amount);
    }
  }

  /** Null when pushing is off. */
  URI url() {
    return url;
  }

  String job() {
    return job;
  }

  Map<String, String> grouping() {
    return grouping;
  }

  /** Null when the metrics are pushed only at exit. */
  Duration interval() {
    return interval;
  }
}
