package dev.rke2metrics.sample;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "delete", aliases = "rm", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Delete the named snapshots locally and (when configured) in S3, then reconcile. "
        + "Fails if a name is found nowhere.")
final class DeleteCommand extends SnapshotCommand {
    @Parameters(paramLabel = "NAME", arity = "1..*", description = "Snapshot file names, as list shows them.")
    List<String> names;

    @Override
    public Integer call() throws SnapshotException {
        try (SnapshotController c = open(false, 5)) {
            c.delete(names);
        }
        return 0;
    }
}
