package dev.rke2metrics.sample;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "save", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Save a snapshot of etcd to <dir>/<name>-<node>-<unix-seconds>[.zip], verify it, upload it to S3 "
        + "when configured, apply retention (locally and in S3), then reconcile.",
        "If the upload fails the local snapshot is kept, retention is skipped and the command fails."})
final class SaveCommand extends SnapshotCommand {
    @Option(names = "--compress", description = "Zip-compress the snapshot (.zip holding one file).")
    boolean compress;

    @Option(names = "--retention", paramLabel = "N", defaultValue = "5",
        description = "Keep the newest N snapshots of this node, locally and in S3 separately (default: ${DEFAULT-VALUE}).")
    int retention;

    @Override
    public Integer call() throws SnapshotException {
        try (SnapshotController c = open(compress, retention)) {
            c.save();
        }
        return 0;
    }
}
