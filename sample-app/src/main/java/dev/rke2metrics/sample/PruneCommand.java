package dev.rke2metrics.sample;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "prune", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Delete all but the newest N snapshots of this node (<name>-<node>-*), locally and in S3 "
        + "separately, then reconcile.")
final class PruneCommand extends SnapshotCommand {
    @Option(names = "--retention", paramLabel = "N", defaultValue = "5",
        description = "How many snapshots to keep (default: ${DEFAULT-VALUE}).")
    int retention;

    @Override
    public Integer call() throws SnapshotException {
        try (SnapshotController c = open(false, retention)) {
            c.prune(retention);
        }
        return 0;
    }
}
