package dev.rke2metrics.sample;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What reconcile writes to etcd, worked out from the listings alone (no I/O), so the rules can be unit-tested.
 *
 * <p>Rules, as RKE2 applies them to ETCDSnapshotFiles: a record per listed file; local records of this node whose
 * file is gone are deleted (other nodes' are theirs to reconcile); S3 records are only deleted when S3 was listed
 * (not configured, or listing failed: we cannot know); a failed-upload record of this node stays while its local
 * snapshot exists and S3 lacks it, so the failure stays visible.
 *
 * @param puts keys (below the prefix) to their new JSON, only where it changed
 * @param deletes keys (below the prefix) to delete
 * @param records every record the etcd store holds for the listed places afterwards, sorted by key
 */
record RecordPlan(Map<String, String> puts, List<String> deletes, List<SnapshotRecord> records) {

    /**
     * @param existing current keys (below the prefix) to their JSON
     * @param local this node's local listing
     * @param s3 the S3 listing, or null when S3 is not configured or could not be listed
     * @param failedUploads records of uploads that failed in this process since the last reconcile
     */
    static RecordPlan of(Map<String, String> existing, List<SnapshotRecord> local, List<SnapshotRecord> s3,
                         Collection<SnapshotRecord> failedUploads, String node) {
        Map<String, SnapshotRecord> desired = new TreeMap<>();
        Set<String> localNames = new HashSet<>();
        Set<String> s3Names = new HashSet<>();
        for (SnapshotRecord r : local) {
            desired.put(r.key(), r);
            localNames.add(r.name());
        }
        if (s3 != null) {
            for (SnapshotRecord r : s3) {
                desired.put(r.key(), r);
                s3Names.add(r.name());
            }
        }
        for (SnapshotRecord f : failedUploads) {
            if (localNames.contains(f.name()) && !s3Names.contains(f.name())) {
                desired.putIfAbsent(f.key(), f);
            }
        }
        List<String> deletes = new ArrayList<>();
        for (Map.Entry<String, String> e : existing.entrySet()) {
            String key = e.getKey();
            if (desired.containsKey(key)) {
                continue;
            }
            SnapshotRecord old;
            try {
                old = SnapshotRecord.fromJson(e.getValue());
            } catch (IllegalArgumentException notOurs) {
                continue; // not written by us: leave it alone
            }
            if (!key.equals(old.key())) {
                continue;
            }
            if (SnapshotRecord.LOCAL.equals(old.storage())) {
                if (node.equals(old.node())) {
                    deletes.add(key);
                }
            } else if (SnapshotRecord.S3.equals(old.storage())) {
                boolean failedAndMine = !old.ready() && node.equals(old.node());
                if (failedAndMine) {
                    if (!localNames.contains(old.name()) || s3Names.contains(old.name())) {
                        deletes.add(key);
                    } else {
                        desired.put(key, old); // keep the failure visible
                    }
                } else if (s3 != null && old.ready()) {
                    deletes.add(key);
                }
            }
        }
        Map<String, String> puts = new LinkedHashMap<>();
        for (Map.Entry<String, SnapshotRecord> e : desired.entrySet()) {
            String json = e.getValue().toJson();
            if (!json.equals(existing.get(e.getKey()))) {
                puts.put(e.getKey(), json);
            }
        }
        return new RecordPlan(puts, List.copyOf(deletes), List.copyOf(desired.values()));
    }
}
