package dev.rke2metrics.sample;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Durations as RKE2 (Go) writes them: {@code 30s}, {@code 5m0s}, {@code 1h30m}, {@code 500ms}. */
public final class GoDuration implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern WHOLE = Pattern.compile("(\\d+(\\.\\d+)?(ns|us|µs|ms|s|m|h))+");
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    public static Duration parse(String value) {
        String v = value == null ? "" : value.trim();
        if (v.equals("0")) {
            return Duration.ZERO;
        }
        if (!WHOLE.matcher(v).matches()) {
            throw new CommandLine.TypeConversionException(
                "'" + value + "' is not a duration (write it like 30s, 5m, 1h30m or 500ms)");
        }
        double nanos = 0;
        Matcher m = PART.matcher(v);
        while (m.find()) {
            nanos += Double.parseDouble(m.group(1)) * unitNanos(m.group(2));
        }
        return Duration.ofNanos(Math.round(nanos));
    }

    /** Go's own format, so help and messages show durations the way they are typed. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        StringBuilder b = new StringBuilder();
        long h = d.toHours();
        long m = d.toMinutesPart();
        double s = d.toSecondsPart() + d.toMillisPart() / 1000.0;
        if (h > 0) {
            b.append(h).append('h');
        }
        if (h > 0 || m > 0) {
            b.append(m).append('m');
        }
        b.append(s == Math.rint(s) ? String.valueOf((long) s) : String.valueOf(s)).append('s');
        return b.toString();
    }

    private static double unitNanos(String unit) {
        switch (unit) {
            case "ns": return 1;
            case "us": case "µs": return 1e3;
            case "ms": return 1e6;
            case "s": return 1e9;
            case "m": return 60e9;
            default: return 3600e9;
        }
    }
}
