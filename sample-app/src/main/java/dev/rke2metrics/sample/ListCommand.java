package dev.rke2metrics.sample;

import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list", aliases = "ls", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Reconcile, then print this node's and S3's snapshots.")
final class ListCommand extends SnapshotCommand {
    enum Format { table, json }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
        description = "table or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public Integer call() throws SnapshotException {
        List<SnapshotRecord> records;
        try (SnapshotController c = open(false, 5)) {
            records = c.reconcile();
        }
        if (format == Format.json) {
            out().println(records.isEmpty() ? "[]"
                : records.stream().map(SnapshotRecord::toJson).collect(Collectors.joining(",\n  ", "[\n  ", "\n]")));
        } else {
            String row = "%-44s %-72s %12s %-20s %s%n";
            out().printf(row, "NAME", "LOCATION", "SIZE", "CREATED", "STATUS");
            for (SnapshotRecord r : records) {
                out().printf(row, r.name(), r.location(), r.size(), r.createdAt(), r.status());
            }
        }
        out().flush();
        return 0;
    }
}
