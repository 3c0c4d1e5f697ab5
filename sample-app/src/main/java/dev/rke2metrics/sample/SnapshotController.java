package dev.rke2metrics.sample;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What {@code rke2 etcd-snapshot} does, step by step: save (local save, S3 upload, retention, reconcile) and
 * reconcile (list local, list S3, write the records into etcd). Each mapped step is one method, called once.
 */
public final class SnapshotController implements SnapshotService.Tasks, AutoCloseable {
    private final EtcdConnection etcd;
    private final LocalStore local;
    private final S3Store s3;
    private final String recordPrefix;
    private final String node;
    private final int retention;
    private final Consumer<String> events;
    /** Uploads that failed since the last reconcile wrote them (reconcile is the only writer of records). */
    private final Map<String, SnapshotRecord> failedUploads = new LinkedHashMap<>();

    /** Takes ownership of the connections: {@link #close()} closes them. {@code s3} is null without S3. */
    public SnapshotController(EtcdConnection etcd, LocalStore local, S3Store s3, String recordPrefix, String node,
                              int retention, Consumer<String> events) {
        this.etcd = etcd;
        this.local = local;
        this.s3 = s3;
        this.recordPrefix = recordPrefix;
        this.node = node;
        this.retention = Retention.check(retention);
        this.events = events;
    }

    /**
     * Saves a snapshot locally, uploads it when S3 is configured, applies retention, reconciles. Throws if the local
     * save or the upload failed; after a failed upload the local snapshot is kept, retention is skipped (older local
     * snapshots may be the only copies) and the records still show the failure.
     */
    @Override
    public SnapshotRecord save() throws SnapshotException {
        SnapshotRecord saved = local.saveSnapshot(etcd);
        events.accept("saved " + saved.name() + " to " + local.dir());
        SnapshotName justTaken = SnapshotName.parse(saved.name()).orElseThrow();
        SnapshotException failure = null;
        if (s3 != null) {
            try {
                SnapshotRecord uploaded = s3.uploadSnapshot(Path.of(java.net.URI.create(saved.location())));
                events.accept("uploaded " + uploaded.location());
            } catch (SnapshotException e) {
                failure = e;
                failedUploads.put(saved.name(), new SnapshotRecord(saved.name(), SnapshotRecord.S3, node,
                    s3.location(saved.name()), 0, saved.createdAt(), saved.compressed(), SnapshotRecord.FAILED,
                    e.getMessage()));
            }
        }
        if (failure == null) {
            try {
                report("pruned", local.applyRetention(retention, justTaken));
                if (s3 != null) {
                    report("pruned from S3", s3.applyRetention(local.prefix(), retention, justTaken));
                }
            } catch (SnapshotException e) {
                failure = e;
            }
        }
        try {
            reconcile();
        } catch (SnapshotException e) {
            if (failure == null) {
                throw e;
            }
            failure.addSuppressed(e);
        }
        if (failure != null) {
            throw failure;
        }
        return saved;
    }

    /**
     * Lists the local snapshots and (when configured) S3's, and writes them into etcd as records, deleting the
     * records of snapshots that are gone. Returns the records of this node and S3. If S3 cannot be listed the local
     * records are still written, S3 records are left as they were, and the S3 failure is thrown.
     */
    @Override
    public List<SnapshotRecord> reconcile() throws SnapshotException {
        List<SnapshotRecord> localList = local.listSnapshots();
        List<SnapshotRecord> s3List = null;
        SnapshotException s3Failure = null;
        if (s3 != null) {
            try {
                s3List = s3.listSnapshots();
            } catch (SnapshotException e) {
                s3Failure = e;
            }
        }
        RecordPlan plan = RecordPlan.of(etcd.getPrefix(recordPrefix), localList, s3List, failedUploads.values(), node);
        for (Map.Entry<String, String> put : plan.puts().entrySet()) {
            etcd.put(recordPrefix + put.getKey(), put.getValue());
        }
        for (String key : plan.deletes()) {
            etcd.delete(recordPrefix + key);
        }
        failedUploads.clear();
        if (s3Failure != null) {
            throw s3Failure;
        }
        return plan.records();
    }

    /** Applies retention now, locally and in S3, then reconciles; returns the deleted names. */
    public List<String> prune(int keep) throws SnapshotException {
        Retention.check(keep);
        List<String> deleted = new ArrayList<>(local.applyRetention(keep, null));
        report("pruned", deleted);
        if (s3 != null) {
            List<String> fromS3 = s3.applyRetention(local.prefix(), keep, null);
            report("pruned from S3", fromS3);
            deleted.addAll(fromS3);
        }
        reconcile();
        return deleted;
    }

    /**
     * Deletes the named snapshots locally and in S3, then reconciles. Throws (after reconciling) if a name was
     * found nowhere, so a typo does not pass silently.
     */
    public void delete(List<String> names) throws SnapshotException {
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            if (SnapshotName.parse(name).isEmpty()) {
                missing.add(name);
                continue;
            }
            boolean found = false;
            if (local.deleteSnapshot(name)) {
                events.accept("deleted " + local.dir().resolve(name));
                found = true;
            }
            if (s3 != null && s3.deleteSnapshot(name)) {
                events.accept("deleted " + s3.location(name));
                found = true;
            }
            if (!found) {
                missing.add(name);
            }
        }
        reconcile();
        if (!missing.isEmpty()) {
            throw new SnapshotException("no such snapshot" + (missing.size() > 1 ? "s: " : ": ") + String.join(", ", missing)
                + (s3 == null ? " in " + local.dir() : " in " + local.dir() + " or " + s3.location("")));
        }
    }

    private void report(String what, List<String> names) {
        for (String n : names) {
            events.accept(what + " " + n);
        }
    }

    @Override
    public void close() {
        try {
            if (s3 != null) {
                s3.close();
            }
        } finally {
            etcd.close();
        }
    }
}
