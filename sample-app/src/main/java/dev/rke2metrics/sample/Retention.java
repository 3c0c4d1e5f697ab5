package dev.rke2metrics.sample;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** RKE2's retention: per {@code <name>-<node>} prefix, keep the newest N; the snapshot just taken is always kept. */
final class Retention {
    private Retention() {
    }

    static int check(int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("retention must be at least 1, got " + keep);
        }
        return keep;
    }

    /**
     * The snapshots of {@code prefix} to delete, oldest last. {@code justTaken} (may be null) counts as one of the
     * {@code keep} even if a clock step made an older-looking name: it is never returned.
     */
    static List<SnapshotName> toDelete(Collection<SnapshotName> all, String prefix, int keep, SnapshotName justTaken) {
        check(keep);
        List<SnapshotName> mine = new ArrayList<>();
        for (SnapshotName n : all) {
            if (n.prefix().equals(prefix) && !n.equals(justTaken)) {
                mine.add(n);
            }
        }
        mine.sort(SnapshotName.NEWEST_FIRST);
        int othersKept = justTaken != null && justTaken.prefix().equals(prefix) ? keep - 1 : keep;
        return mine.size() <= othersKept ? List.of() : List.copyOf(mine.subList(othersKept, mine.size()));
    }
}
