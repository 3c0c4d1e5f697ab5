package dev.rke2metrics.sample;

import static dev.rke2metrics.sample.Servers.concat;
import static dev.rke2metrics.sample.Servers.files;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rke2metrics.sample.testing.EtcdServer;
import dev.rke2metrics.sample.testing.Processes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code save} against a real etcd and a real S3 server: what lands on disk, in S3 and in etcd. */
class SaveEndToEndTest {
    private static Servers servers;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        servers = Servers.start();
        servers.etcd.put("/app/config", "some data worth a backup");
    }

    @AfterAll
    static void stop() {
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void savesAVerifiedSnapshotAtomicallyAndRecordsIt() {
        long before = Instant.now().getEpochSecond();
        Cli.Run run = Cli.run(concat(List.of("save"), servers.local(dir, "n1", "/t1/")).toArray(String[]::new));

        assertEquals(0, run.exitCode(), run::toString);
        List<String> files = files(dir);
        assertEquals(1, files.size(), files::toString);
        String name = files.get(0);
        assertTrue(name.matches("etcd-snapshot-n1-\\d+"), name);
        long seconds = Long.parseLong(name.substring("etcd-snapshot-n1-".length()));
        assertTrue(seconds >= before && seconds <= Instant.now().getEpochSecond(), name);
        assertTrue(run.out().contains("saved " + name), run::toString);
        assertTrue(EtcdServer.snapshotStatus(dir.resolve(name)).contains("\"totalKey\""));

        Map<String, SnapshotRecord> records = servers.records("/t1/");
        assertEquals(List.of("local-" + name), List.copyOf(records.keySet()));
        SnapshotRecord r = records.get("local-" + name);
        assertEquals(dir.resolve(name).toUri().toString(), r.location());
        assertEquals(size(dir.resolve(name)), r.size());
        assertEquals("n1", r.node());
        assertEquals(SnapshotRecord.READY, r.status());
        assertEquals(Instant.ofEpochSecond(seconds), r.createdAt());
    }

    @Test
    void compressedSnapshotIsAZipOfAValidSnapshot() throws IOException {
        Cli.Run run = Cli.run(concat(List.of("save", "--compress", "--name", "backup"), servers.local(dir, "n2", "/t2/"))
            .toArray(String[]::new));

        assertEquals(0, run.exitCode(), run::toString);
        List<String> files = files(dir);
        assertEquals(1, files.size(), files::toString);
        assertTrue(files.get(0).matches("backup-n2-\\d+\\.zip"), files::toString);
        Path unzipped = dir.resolve("unzipped");
        try (ZipFile zip = new ZipFile(dir.resolve(files.get(0)).toFile())) {
            List<? extends ZipEntry> entries = zip.stream().toList();
            assertEquals(1, entries.size());
            assertEquals(files.get(0).replace(".zip", ""), entries.get(0).getName());
            try (InputStream in = zip.getInputStream(entries.get(0))) {
                Files.copy(in, unzipped);
            }
        }
        assertTrue(EtcdServer.snapshotStatus(unzipped).contains("\"totalKey\""));
        SnapshotRecord r = servers.records("/t2/").get("local-" + files.get(0));
        assertTrue(r.compressed());
    }

    @Test
    void uploadsToS3AndAppliesRetentionLocallyAndInS3Separately() {
        servers.s3.createBucket("retention");
        // Another node's snapshot in the same folder: retention of n3 must not touch it.
        servers.s3.put("retention", "snaps/etcd-snapshot-other-1000000000", new byte[] {1, 2, 3});
        List<String> save = concat(concat(List.of("save", "--retention", "2"), servers.local(dir, "n3", "/t3/")),
            servers.s3("retention", "snaps"));

        for (int i = 0; i < 3; i++) {
            Cli.Run run = Cli.run(save.toArray(String[]::new));
            assertEquals(0, run.exitCode(), run::toString);
        }

        List<String> local = files(dir);
        assertEquals(2, local.size(), local::toString);
        List<String> keys = servers.s3.keys("retention");
        assertEquals(3, keys.size(), keys::toString);
        assertTrue(keys.contains("snaps/etcd-snapshot-other-1000000000"), keys::toString);
        for (String name : local) {
            assertTrue(keys.contains("snaps/" + name), keys::toString);
            assertEquals(size(dir.resolve(name)), servers.s3.read("retention", "snaps/" + name).length);
        }
        Map<String, SnapshotRecord> records = servers.records("/t3/");
        assertEquals(5, records.size(), records::toString);
        assertEquals("s3://retention/snaps/" + local.get(0), records.get("s3-" + local.get(0)).location());
        assertTrue(records.containsKey("s3-etcd-snapshot-other-1000000000"), records::toString);
    }

    @Test
    void failedUploadKeepsEverySnapshotReportsOneLineAndRecordsTheFailure() {
        servers.s3.createBucket("outage");
        List<String> save = concat(concat(List.of("save", "--retention", "1"), servers.local(dir, "n4", "/t4/")),
            servers.s3("outage", ""));
        assertEquals(0, Cli.run(save.toArray(String[]::new)).exitCode());
        String first = files(dir).get(0);

        servers.s3.stop();
        Cli.Run failed;
        try {
            failed = Cli.run(save.toArray(String[]::new));
        } finally {
            servers.s3.restart();
        }

        assertEquals(1, failed.exitCode(), failed::toString);
        assertEquals(1, failed.errLines().size(), failed::toString);
        assertTrue(failed.err().startsWith("sample-app: error: S3 upload of etcd-snapshot-n4-"), failed::toString);
        List<String> local = files(dir);
        assertEquals(2, local.size(), "retention 1 must not delete anything after a failed upload: " + local);
        String second = local.get(1);
        assertEquals(List.of(first), servers.s3.keys("outage"));
        SnapshotRecord failure = servers.records("/t4/").get("s3-" + second);
        assertEquals(SnapshotRecord.FAILED, failure.status(), servers.records("/t4/")::toString);
        assertTrue(failure.message().contains("S3 upload"), failure::toString);

        // The failure stays visible across reconciles while S3 lacks the snapshot.
        assertEquals(0, Cli.run(concat(concat(List.of("reconcile"), servers.local(dir, "n4", "/t4/")),
            servers.s3("outage", "")).toArray(String[]::new)).exitCode());
        assertEquals(SnapshotRecord.FAILED, servers.records("/t4/").get("s3-" + second).status());

        // S3 back: the next save succeeds and retention then applies.
        Cli.Run third = Cli.run(save.toArray(String[]::new));
        assertEquals(0, third.exitCode(), third::toString);
        List<String> after = files(dir);
        assertEquals(1, after.size(), after::toString);
        assertEquals(List.of(after.get(0)), servers.s3.keys("outage"));
        assertEquals(List.of("local-" + after.get(0), "s3-" + after.get(0)), List.copyOf(servers.records("/t4/").keySet()));
    }

    @Test
    void badBucketAndBadCredentialsFailClearlyAndKeepTheLocalSnapshot() {
        List<String> base = concat(List.of("save"), servers.local(dir, "n5", "/t5/"));
        Cli.Run noBucket = Cli.run(concat(base, servers.s3("no-such-bucket", "x")).toArray(String[]::new));
        assertEquals(1, noBucket.exitCode(), noBucket::toString);
        assertEquals(1, noBucket.errLines().size(), noBucket::toString);
        assertTrue(noBucket.err().contains("bucket does not exist"), noBucket::toString);

        servers.s3.createBucket("creds");
        List<String> badKey = servers.s3("creds", "").stream()
            .map(a -> a.equals(dev.rke2metrics.sample.testing.S3Server.SECRET_KEY) ? "wrong-secret" : a).toList();
        Cli.Run denied = Cli.run(concat(base, badKey).toArray(String[]::new));
        assertEquals(1, denied.exitCode(), denied::toString);
        assertEquals(1, denied.errLines().size(), denied::toString);
        assertTrue(denied.err().contains("HTTP 403"), denied::toString);

        assertEquals(2, files(dir).size(), "both local snapshots are kept: " + files(dir));
        assertEquals(List.of(), servers.s3.keys("creds"));
    }

    @Test
    void unreachableEtcdFailsFastAndLeavesNoFile() {
        String closed = "http://127.0.0.1:" + Processes.freePort();
        Cli.Run run = Cli.run("save", "--endpoints", closed, "--dir", dir.toString(), "--node-name", "n6");

        assertEquals(1, run.exitCode(), run::toString);
        assertEquals(1, run.errLines().size(), run::toString);
        assertTrue(run.err().startsWith("sample-app: error: snapshot from etcd " + closed + " failed"), run::toString);
        assertTrue(run.err().contains("Connection refused"), run::toString);
        assertEquals(List.of(), files(dir), "no snapshot and no partial file");
    }

    @Test
    void snapshotDirectoryThatIsAFileFails() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        Cli.Run run = Cli.run(concat(List.of("save"), servers.local(file, "n7", "/t7/")).toArray(String[]::new));

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().contains("cannot create snapshot directory " + file), run::toString);
        assertFalse(servers.records("/t7/").size() > 0);
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
