package dev.rke2metrics.sample;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The flags every snapshot command shares (etcd, local directory, S3), and how they make a controller. The shell
 * takes the same flags to hand them down to its lines.
 */
abstract class SnapshotCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    EtcdOptions etcd;

    @Mixin
    LocalOptions local;

    @Mixin
    S3Options s3;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Checks the flags (usage errors first, before any connection), then connects. */
    SnapshotController open(boolean compress, int retention) throws SnapshotException {
        PrintWriter out = out();
        return open(compress, retention, out::println);
    }

    /** As above, with {@code events} receiving the progress lines (saved, uploaded, pruned, deleted). */
    SnapshotController open(boolean compress, int retention, Consumer<String> events) throws SnapshotException {
        List<URI> endpoints = etcd.endpointList();
        String node = local.node();
        String name = local.baseName();
        boolean useS3 = s3.configured();
        try {
            Retention.check(retention);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        EtcdConnection connection = new EtcdConnection(endpoints, etcd.cacert, etcd.cert, etcd.key, etcd.timeout);
        S3Store store = null;
        try {
            if (useS3) {
                store = new S3Store(s3);
            }
        } catch (SnapshotException | RuntimeException e) {
            connection.close();
            throw e;
        }
        return new SnapshotController(connection, new LocalStore(local.dir, name, node, compress, Clock.systemUTC()),
            store, etcd.recordPrefix, node, retention, events);
    }
}
