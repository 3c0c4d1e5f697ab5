package dev.rke2metrics.sample;

import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "reconcile", mixinStandardHelpOptions = true, sortOptions = false,
    description = "List local snapshots and (when configured) S3's, and write them into etcd as records under "
        + "--record-prefix, deleting the records of snapshots that are gone.")
final class ReconcileCommand extends SnapshotCommand {
    @Override
    public Integer call() throws SnapshotException {
        try (SnapshotController c = open(false, 5)) {
            List<SnapshotRecord> records = c.reconcile();
            long inS3 = records.stream().filter(r -> SnapshotRecord.S3.equals(r.storage())).count();
            out().println("reconciled " + (records.size() - inS3) + " local and " + inS3 + " S3 records");
        }
        return 0;
    }
}
