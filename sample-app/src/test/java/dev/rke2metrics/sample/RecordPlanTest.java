package dev.rke2metrics.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordPlanTest {
    private static SnapshotRecord local(String name, String node) {
        return SnapshotRecord.ready(SnapshotName.parse(name).orElseThrow(), SnapshotRecord.LOCAL, node,
            "file:///snaps/" + name, 10);
    }

    private static SnapshotRecord s3(String name) {
        return SnapshotRecord.ready(SnapshotName.parse(name).orElseThrow(), SnapshotRecord.S3, SnapshotRecord.S3,
            "s3://b/" + name, 10);
    }

    private static SnapshotRecord failed(String name, String node) {
        return new SnapshotRecord(name, SnapshotRecord.S3, node, "s3://b/" + name, 0, Instant.ofEpochSecond(1), false,
            SnapshotRecord.FAILED, "S3 upload failed");
    }

    private static Map<String, String> existing(SnapshotRecord... records) {
        Map<String, String> m = new LinkedHashMap<>();
        for (SnapshotRecord r : records) {
            m.put(r.key(), r.toJson());
        }
        return m;
    }

    @Test
    void writesNewRecordsAndOnlyChangedOnes() {
        SnapshotRecord a = local("s-n1-1", "n1");
        SnapshotRecord b = local("s-n1-2", "n1");
        SnapshotRecord bS3 = s3("s-n1-2");
        RecordPlan plan = RecordPlan.of(existing(a), List.of(a, b), List.of(bS3), List.of(), "n1");
        assertEquals(List.of("local-s-n1-2", "s3-s-n1-2"), List.copyOf(plan.puts().keySet()));
        assertEquals(b.toJson(), plan.puts().get("local-s-n1-2"));
        assertEquals(List.of(), plan.deletes());
        assertEquals(List.of(a, b, bS3), plan.records());
    }

    @Test
    void deletesThisNodesVanishedLocalRecordsButNotOtherNodes() {
        RecordPlan plan = RecordPlan.of(existing(local("s-n1-1", "n1"), local("s-n2-1", "n2")), List.of(), null,
            List.of(), "n1");
        assertEquals(List.of("local-s-n1-1"), plan.deletes());
    }

    @Test
    void s3RecordsAreOnlyDeletedWhenS3WasListed() {
        Map<String, String> old = existing(s3("s-n1-1"));
        assertEquals(List.of(), RecordPlan.of(old, List.of(), null, List.of(), "n1").deletes());
        assertEquals(List.of("s3-s-n1-1"), RecordPlan.of(old, List.of(), List.of(), List.of(), "n1").deletes());
    }

    @Test
    void aFailedUploadIsRecordedAndKeptWhileTheLocalSnapshotExistsAndS3LacksIt() {
        SnapshotRecord snap = local("s-n1-5", "n1");
        SnapshotRecord failure = failed("s-n1-5", "n1");
        RecordPlan first = RecordPlan.of(existing(), List.of(snap), null, List.of(failure), "n1");
        assertEquals(failure.toJson(), first.puts().get("s3-s-n1-5"));

        // Later reconciles (another process: no in-memory failures) keep it...
        RecordPlan later = RecordPlan.of(existing(snap, failure), List.of(snap), List.of(), List.of(), "n1");
        assertEquals(List.of(), later.deletes());
        assertEquals(List.of(snap, failure), later.records());
        // ...until the local snapshot is gone, or S3 has it after all.
        assertEquals(List.of("local-s-n1-5", "s3-s-n1-5"),
            RecordPlan.of(existing(snap, failure), List.of(), List.of(), List.of(), "n1").deletes());
        RecordPlan uploaded = RecordPlan.of(existing(snap, failure), List.of(snap), List.of(s3("s-n1-5")), List.of(), "n1");
        assertEquals(s3("s-n1-5").toJson(), uploaded.puts().get("s3-s-n1-5"));
        assertEquals(List.of(), uploaded.deletes());
    }

    @Test
    void keysThatAreNotOurRecordsAreLeftAlone() {
        Map<String, String> old = new LinkedHashMap<>();
        old.put("local-something", "not json");
        old.put("s3-other", "{\"hello\":1}");
        assertEquals(List.of(), RecordPlan.of(old, List.of(), List.of(), List.of(), "n1").deletes());
    }
}
