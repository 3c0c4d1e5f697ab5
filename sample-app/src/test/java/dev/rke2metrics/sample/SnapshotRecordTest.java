package dev.rke2metrics.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotRecordTest {
    @Test
    void recordsAreFlatJsonAndRoundTrip() {
        SnapshotRecord r = new SnapshotRecord("etcd-snapshot-n-1714564800.zip", "s3", "n", "s3://b/f/x", 12345,
            Instant.ofEpochSecond(1714564800), true, "failed", "S3 said \"no\"\nat C:\\path\t\u0001");
        String json = r.toJson();
        assertEquals("{\"name\":\"etcd-snapshot-n-1714564800.zip\",\"storage\":\"s3\",\"node\":\"n\","
            + "\"location\":\"s3://b/f/x\",\"size\":12345,\"createdAt\":\"2024-05-01T12:00:00Z\",\"compressed\":true,"
            + "\"status\":\"failed\",\"message\":\"S3 said \\\"no\\\"\\nat C:\\\\path\\t\\u0001\"}", json);
        assertEquals(r, SnapshotRecord.fromJson(json));
        assertEquals("s3-etcd-snapshot-n-1714564800.zip", r.key());
    }

    @Test
    void parserAcceptsWhitespaceAndRejectsOtherShapes() {
        assertEquals(Map.of("a", 1L, "b", true, "c", "x y"), Json.parseObject(" { \"a\" : 1 , \"b\":true,\"c\":\"x y\" } "));
        assertThrows(IllegalArgumentException.class, () -> Json.parseObject("{\"a\":1"));
        assertThrows(IllegalArgumentException.class, () -> Json.parseObject("[1]"));
        assertThrows(IllegalArgumentException.class, () -> SnapshotRecord.fromJson("{\"name\":\"x\"}"));
    }
}
