package dev.rke2metrics.sample;

import dev.rke2metrics.sample.testing.EtcdServer;
import dev.rke2metrics.sample.testing.S3Server;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A real etcd and a real S3 server for one test class, and the flags that point sample-app at them. */
final class Servers implements AutoCloseable {
    final EtcdServer etcd;
    final S3Server s3;

    private Servers(EtcdServer etcd, S3Server s3) {
        this.etcd = etcd;
        this.s3 = s3;
    }

    static Servers start() {
        EtcdServer etcd = EtcdServer.start();
        try {
            return new Servers(etcd, S3Server.start());
        } catch (RuntimeException e) {
            etcd.close();
            throw e;
        }
    }

    /** etcd and local flags; {@code prefix} isolates each test's records. */
    List<String> local(Path dir, String node, String prefix) {
        return List.of("--endpoints", etcd.endpoints(), "--dir", dir.toString(), "--node-name", node,
            "--record-prefix", prefix, "--etcd-timeout", "10s");
    }

    /** S3 flags for {@code bucket}/{@code folder} of the test S3 server. */
    List<String> s3(String bucket, String folder) {
        return List.of("--s3-bucket", bucket, "--s3-folder", folder, "--s3-endpoint", s3.endpoint().toString(),
            "--s3-access-key", S3Server.ACCESS_KEY, "--s3-secret-key", S3Server.SECRET_KEY, "--s3-path-style",
            "--s3-timeout", "20s");
    }

    static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** The records under {@code prefix}, by key below it, read with etcdctl. */
    Map<String, SnapshotRecord> records(String prefix) {
        Map<String, SnapshotRecord> out = new TreeMap<>();
        etcd.getPrefix(prefix).forEach((k, v) -> out.put(k.substring(prefix.length()), SnapshotRecord.fromJson(v)));
        return out;
    }

    /** Every file name in {@code dir}, hidden ones included, sorted. */
    static List<String> files(Path dir) {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            s3.close();
        } finally {
            etcd.close();
        }
    }
}
