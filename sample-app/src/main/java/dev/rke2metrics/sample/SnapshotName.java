package dev.rke2metrics.sample;

import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A snapshot's file name as RKE2 builds it: {@code <name>-<node>-<unix-seconds>}, plus {@code .zip} when
 * compressed. {@code prefix} is {@code <name>-<node>}: retention groups snapshots by it.
 */
public record SnapshotName(String prefix, long seconds, boolean compressed) {
    public static final String ZIP = ".zip";
    /** Greedy: the last "-digits" is the time, so node names like "node-1" stay whole. */
    private static final Pattern FORM = Pattern.compile("([^./\\\\][^/\\\\]*)-(\\d{1,12})(\\.zip)?");
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    /** Newest first; ties (same second) by name so the order is stable. */
    public static final Comparator<SnapshotName> NEWEST_FIRST =
        Comparator.comparingLong(SnapshotName::seconds).reversed().thenComparing(SnapshotName::fileName);

    public static SnapshotName of(String name, String node, Instant time, boolean compressed) {
        return new SnapshotName(prefix(name, node), time.getEpochSecond(), compressed);
    }

    public static String prefix(String name, String node) {
        return checkPart("snapshot name", name) + "-" + checkPart("node name", node);
    }

    /** The parsed name, or empty for files that are not snapshots (hidden files, partial files, others). */
    public static Optional<SnapshotName> parse(String fileName) {
        Matcher m = FORM.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new SnapshotName(m.group(1), Long.parseLong(m.group(2)), m.group(3) != null));
    }

    /** Names go into file names, S3 keys and etcd keys: keep them to a safe alphabet. */
    public static String checkPart(String what, String value) {
        if (value == null || !PART.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid " + what + " '" + value
                + "': use letters, digits, '.', '_' and '-', starting with a letter or digit");
        }
        return value;
    }

    public String fileName() {
        return prefix + "-" + seconds + (compressed ? ZIP : "");
    }

    /** The name of the snapshot inside a .zip (the uncompressed file name). */
    public String entryName() {
        return prefix + "-" + seconds;
    }

    public Instant created() {
        return Instant.ofEpochSecond(seconds);
    }

    @Override
    public String toString() {
        return fileName();
    }
}
