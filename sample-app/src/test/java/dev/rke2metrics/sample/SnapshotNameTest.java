package dev.rke2metrics.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SnapshotNameTest {
    @Test
    void namesAreNameNodeAndUnixSecondsLikeRke2() {
        Instant t = Instant.parse("2024-05-01T12:00:00.750Z");
        assertEquals("etcd-snapshot-server-0-1714564800", SnapshotName.of("etcd-snapshot", "server-0", t, false).fileName());
        assertEquals("etcd-snapshot-server-0-1714564800.zip", SnapshotName.of("etcd-snapshot", "server-0", t, true).fileName());
        assertEquals("etcd-snapshot-server-0-1714564800", SnapshotName.of("etcd-snapshot", "server-0", t, true).entryName());
    }

    @Test
    void parsingTakesTheLastNumberAsTheTimeSoNodeNamesMayEndInDigits() {
        SnapshotName n = SnapshotName.parse("etcd-snapshot-node-1-1714564800.zip").orElseThrow();
        assertEquals("etcd-snapshot-node-1", n.prefix());
        assertEquals(1714564800L, n.seconds());
        assertTrue(n.compressed());
        assertEquals(Instant.ofEpochSecond(1714564800L), n.created());
        assertEquals(n, SnapshotName.parse(n.fileName()).orElseThrow());
    }

    @Test
    void otherFilesAreNotSnapshots() {
        for (String other : List.of(".etcd-snapshot-n-1714564800.partial", ".hidden-1714564800", "notes.txt",
            "etcd-snapshot-n-1714564800.gz", "etcd-snapshot-n-", "1714564800", "a/b-1714564800")) {
            assertEquals(Optional.empty(), SnapshotName.parse(other), other);
        }
    }

    @Test
    void newestFirstOrdersByTimeThenName() {
        List<SnapshotName> names = new ArrayList<>(List.of(
            SnapshotName.parse("s-n-100").orElseThrow(), SnapshotName.parse("s-n-300").orElseThrow(),
            SnapshotName.parse("s-n-200.zip").orElseThrow(), SnapshotName.parse("s-n-200").orElseThrow()));
        names.sort(SnapshotName.NEWEST_FIRST);
        assertEquals("[s-n-300, s-n-200, s-n-200.zip, s-n-100]", names.toString());
    }

    @Test
    void namePartsAreCheckedBecauseTheyBecomePathsAndKeys() {
        for (String bad : List.of("", "../x", "a/b", "a b", "-x", ".x")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SnapshotName.prefix("etcd-snapshot", bad));
            assertTrue(e.getMessage().contains("invalid node name '" + bad + "'"), e.getMessage());
        }
        assertEquals("etcd-snapshot-Node_1.a", SnapshotName.prefix("etcd-snapshot", "Node_1.a"));
    }
}
