package dev.rke2metrics.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RetentionTest {
    private static List<SnapshotName> names(String... fileNames) {
        return java.util.Arrays.stream(fileNames).map(n -> SnapshotName.parse(n).orElseThrow()).toList();
    }

    private static String deleted(List<SnapshotName> all, String prefix, int keep, String justTaken) {
        SnapshotName taken = justTaken == null ? null : SnapshotName.parse(justTaken).orElseThrow();
        return Retention.toDelete(all, prefix, keep, taken).stream().map(SnapshotName::fileName)
            .collect(Collectors.joining(" "));
    }

    @Test
    void keepsTheNewestNAndDeletesTheRestOldestLast() {
        List<SnapshotName> all = names("s-n1-100", "s-n1-400", "s-n1-200.zip", "s-n1-300");
        assertEquals("s-n1-200.zip s-n1-100", deleted(all, "s-n1", 2, null));
        assertEquals("", deleted(all, "s-n1", 4, null));
        assertEquals("", deleted(all, "s-n1", 5, null));
        assertEquals("s-n1-300 s-n1-200.zip s-n1-100", deleted(all, "s-n1", 1, null));
    }

    @Test
    void onlyTouchesItsOwnNameAndNode() {
        List<SnapshotName> all = names("s-n1-100", "s-n1-200", "s-n10-50", "s-n1-x-10", "other-n1-10", "s-n2-1");
        assertEquals("s-n1-100", deleted(all, "s-n1", 1, null));
    }

    @Test
    void neverDeletesTheSnapshotJustTakenEvenIfTheClockWentBack() {
        List<SnapshotName> all = names("s-n1-500", "s-n1-400", "s-n1-100");
        // The clock stepped back: the new snapshot looks oldest. It is kept, and counts as one of the N.
        assertEquals("s-n1-400", deleted(all, "s-n1", 2, "s-n1-100"));
        assertEquals("s-n1-500 s-n1-400", deleted(all, "s-n1", 1, "s-n1-100"));
    }

    @Test
    void retentionBelowOneIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Retention.toDelete(names("s-n-1"), "s-n", 0, null));
        assertEquals("retention must be at least 1, got 0", e.getMessage());
    }
}
