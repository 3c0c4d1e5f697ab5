package dev.rke2metrics.sample;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Where snapshots are kept on this node and how they are named (rke2's --etcd-snapshot-dir/-name). */
public final class LocalOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "${env:ETCD_SNAPSHOT_DIR:-/var/lib/etcd-snapshots}",
        description = "Directory of local snapshots (env ETCD_SNAPSHOT_DIR; default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "etcd-snapshot",
        description = "Base name of snapshots: <name>-<node>-<unix-seconds> (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--node-name", paramLabel = "NODE",
        description = "This node's name in snapshot names and records (default: the host name).")
    String nodeName;

    String node() {
        String n = nodeName;
        if (n == null || n.isBlank()) {
            try {
                n = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                n = System.getenv().getOrDefault("HOSTNAME", "localhost");
            }
            n = n.split("\\.")[0];
        }
        return check("node name", n);
    }

    String baseName() {
        return check("snapshot name", name);
    }

    private String check(String what, String value) {
        try {
            return SnapshotName.checkPart(what, value);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(mixee.commandLine(), e.getMessage());
        }
    }
}
