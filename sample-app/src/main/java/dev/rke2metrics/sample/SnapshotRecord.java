package dev.rke2metrics.sample;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One snapshot file in one place (this node's directory, or S3): our stand-in for RKE2's ETCDSnapshotFile.
 * Stored in etcd as JSON under {@code <record-prefix><storage>-<name>}, so a snapshot kept both locally and in
 * S3 has two records, as RKE2 has {@code local-} and {@code s3-} resources.
 */
public record SnapshotRecord(String name, String storage, String node, String location, long size,
                             Instant createdAt, boolean compressed, String status, String message) {
    public static final String LOCAL = "local";
    public static final String S3 = "s3";
    public static final String READY = "ready";
    public static final String FAILED = "failed";

    public static SnapshotRecord ready(SnapshotName n, String storage, String node, String location, long size) {
        return new SnapshotRecord(n.fileName(), storage, node, location, size, n.created(), n.compressed(), READY, null);
    }

    /** The etcd key below the record prefix. */
    public String key() {
        return storage + "-" + name;
    }

    public boolean ready() {
        return READY.equals(status);
    }

    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("storage", storage);
        m.put("node", node);
        m.put("location", location);
        m.put("size", size);
        m.put("createdAt", createdAt.toString());
        m.put("compressed", compressed);
        m.put("status", status);
        if (message != null) {
            m.put("message", message);
        }
        return Json.object(m);
    }

    /** Parses a record; throws IllegalArgumentException if it is not one of ours. */
    public static SnapshotRecord fromJson(String json) {
        Map<String, Object> m = Json.parseObject(json);
        try {
            return new SnapshotRecord((String) req(m, "name"), (String) req(m, "storage"), (String) req(m, "node"),
                (String) req(m, "location"), ((Number) req(m, "size")).longValue(),
                Instant.parse((String) req(m, "createdAt")), Boolean.TRUE.equals(m.get("compressed")),
                (String) req(m, "status"), (String) m.get("message"));
        } catch (ClassCastException | java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("not a snapshot record: " + e.getMessage(), e);
        }
    }

    private static Object req(Map<String, Object> m, String field) {
        Object v = m.get(field);
        if (v == null) {
            throw new IllegalArgumentException("not a snapshot record: no " + field);
        }
        return v;
    }
}
