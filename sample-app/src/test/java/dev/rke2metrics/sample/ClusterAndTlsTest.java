package dev.rke2metrics.sample;

import static dev.rke2metrics.sample.Servers.files;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rke2metrics.sample.testing.EtcdServer;
import dev.rke2metrics.sample.testing.S3Server;
import dev.rke2metrics.sample.testing.TlsFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several endpoints with a member down, etcd over mutual TLS, S3 over https with a private CA. */
class ClusterAndTlsTest {
    private static TlsFiles tls;

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    @BeforeAll
    static void certificates() {
        tls = TlsFiles.generate(shared.resolve("tls"));
    }

    @Test
    void savesFromAThreeMemberClusterWithOneMemberKilled() {
        try (EtcdServer cluster = EtcdServer.startCluster(3)) {
            cluster.kill(0);
            List<String> flags = List.of("--endpoints", cluster.endpoints(), "--dir", dir.toString(),
                "--node-name", "c", "--etcd-timeout", "10s");

            Cli.Run save = Cli.run(args("save", flags));
            assertEquals(0, save.exitCode(), save::toString);
            String name = files(dir).get(0);
            assertTrue(EtcdServer.snapshotStatus(dir.resolve(name)).contains("\"totalKey\""));
            assertEquals(List.of("/rke2-metrics/snapshots/local-" + name),
                List.copyOf(cluster.getPrefix("/rke2-metrics/snapshots/").keySet()));

            cluster.restart(0);
            assertEquals(1, cluster.etcdctl(0, "get", "--prefix", "--keys-only", "/rke2-metrics/").stdout()
                .lines().filter(l -> !l.isBlank()).count(), "the restarted member caught up");
        }
    }

    @Test
    void talksToEtcdOverMutualTls() {
        try (EtcdServer etcd = EtcdServer.startTls(tls)) {
            List<String> flags = List.of("--endpoints", etcd.endpoints(), "--dir", dir.toString(), "--node-name", "t",
                "--etcd-timeout", "5s", "--cacert", tls.caCert().toString());

            Cli.Run noClientCert = Cli.run(args("save", flags));
            assertEquals(1, noClientCert.exitCode(), noClientCert::toString);
            assertEquals(1, noClientCert.errLines().size(), noClientCert::toString);
            assertTrue(noClientCert.err().startsWith("sample-app: error: snapshot from etcd " + etcd.endpoints()), noClientCert::toString);
            assertEquals(List.of(), files(dir));

            List<String> mtls = new ArrayList<>(flags);
            mtls.addAll(List.of("--cert", tls.clientCert().toString(), "--key", tls.clientKey().toString()));
            Cli.Run save = Cli.run(args("save", mtls));
            assertEquals(0, save.exitCode(), save::toString);
            assertTrue(EtcdServer.snapshotStatus(dir.resolve(files(dir).get(0))).contains("\"totalKey\""));
            assertEquals(1, etcd.getPrefix("/rke2-metrics/snapshots/").size());
        }
    }

    @Test
    void uploadsOverHttpsWithAPrivateCaOrWithoutVerification() {
        try (EtcdServer etcd = EtcdServer.start(); S3Server s3 = S3Server.startTls(tls)) {
            s3.createBucket("tls");
            List<String> flags = List.of("--endpoints", etcd.endpoints(), "--dir", dir.toString(), "--node-name", "h",
                "--s3-bucket", "tls", "--s3-endpoint", "127.0.0.1:" + s3.port(), "--s3-path-style", "--s3-timeout", "20s",
                "--s3-access-key", S3Server.ACCESS_KEY, "--s3-secret-key", S3Server.SECRET_KEY, "--retention", "5");

            Cli.Run untrusted = Cli.run(args("save", flags));
            assertEquals(1, untrusted.exitCode(), untrusted::toString);
            assertTrue(untrusted.err().contains("S3 upload of") && untrusted.err().contains("certification path"),
                untrusted::toString);

            List<String> withCa = new ArrayList<>(flags);
            withCa.addAll(List.of("--s3-endpoint-ca", tls.caCert().toString()));
            Cli.Run trusted = Cli.run(args("save", withCa));
            assertEquals(0, trusted.exitCode(), trusted::toString);

            List<String> skip = new ArrayList<>(flags);
            skip.add("--s3-skip-ssl-verify");
            Cli.Run skipped = Cli.run(args("save", skip));
            assertEquals(0, skipped.exitCode(), skipped::toString);

            assertEquals(3, files(dir).size());
            assertEquals(2, s3.keys("tls").size(), s3.keys("tls")::toString);
        }
    }

    private static String[] args(String command, List<String> flags) {
        List<String> all = new ArrayList<>();
        all.add(command);
        all.addAll(flags);
        return all.toArray(new String[0]);
    }
}
