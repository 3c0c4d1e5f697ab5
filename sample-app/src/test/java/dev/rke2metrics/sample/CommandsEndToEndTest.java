package dev.rke2metrics.sample;

import static dev.rke2metrics.sample.Servers.concat;
import static dev.rke2metrics.sample.Servers.files;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** list, prune, delete, reconcile and shell mode against a real etcd and a real S3 server. */
class CommandsEndToEndTest {
    private static Servers servers;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        servers = Servers.start();
    }

    @AfterAll
    static void stop() {
        if (servers != null) {
            servers.close();
        }
    }

    /** Saves {@code n} snapshots (each in its own second) with S3 in {@code bucket}; their names, oldest first. */
    private List<String> saveMany(int n, List<String> flags) {
        for (int i = 0; i < n; i++) {
            Cli.Run run = Cli.run(concat(List.of("save", "--retention", "10"), flags).toArray(String[]::new));
            assertEquals(0, run.exitCode(), run::toString);
        }
        return files(dir);
    }

    @Test
    void listPrintsLocalAndS3SnapshotsAsTableAndJson() {
        servers.s3.createBucket("list");
        List<String> flags = concat(servers.local(dir, "l1", "/c1/"), servers.s3("list", "f"));
        String name = saveMany(1, flags).get(0);

        Cli.Run table = Cli.run(concat(List.of("list"), flags).toArray(String[]::new));
        assertEquals(0, table.exitCode(), table::toString);
        List<String> lines = table.outLines();
        assertEquals(3, lines.size(), table::toString);
        assertTrue(lines.get(0).matches("NAME +LOCATION +SIZE +CREATED +STATUS"), lines.get(0));
        assertTrue(lines.get(1).startsWith(name + " ") && lines.get(1).contains(dir.resolve(name).toUri().toString()), table::toString);
        assertTrue(lines.get(2).startsWith(name + " ") && lines.get(2).contains("s3://list/f/" + name), table::toString);

        Cli.Run json = Cli.run(concat(List.of("list", "-o", "json"), flags).toArray(String[]::new));
        assertEquals(0, json.exitCode(), json::toString);
        Map<String, SnapshotRecord> records = servers.records("/c1/");
        for (SnapshotRecord r : records.values()) {
            assertTrue(json.out().contains(r.toJson()), json::toString);
        }
        assertEquals(2, records.size());
    }

    @Test
    void pruneKeepsTheNewestLocallyAndInS3() {
        servers.s3.createBucket("prune");
        List<String> flags = concat(servers.local(dir, "p1", "/c2/"), servers.s3("prune", ""));
        List<String> names = saveMany(3, flags);

        Cli.Run run = Cli.run(concat(List.of("prune", "--retention", "1"), flags).toArray(String[]::new));

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(List.of(names.get(2)), files(dir));
        assertEquals(List.of(names.get(2)), servers.s3.keys("prune"));
        assertTrue(run.out().contains("pruned " + names.get(0)) && run.out().contains("pruned from S3 " + names.get(1)), run::toString);
        assertEquals(List.of("local-" + names.get(2), "s3-" + names.get(2)), List.copyOf(servers.records("/c2/").keySet()));
    }

    @Test
    void deleteRemovesLocalAndS3CopiesAndFailsOnUnknownNames() {
        servers.s3.createBucket("delete");
        List<String> flags = concat(servers.local(dir, "d1", "/c3/"), servers.s3("delete", "x"));
        List<String> names = saveMany(2, flags);

        Cli.Run run = Cli.run(concat(List.of("delete", names.get(0), "etcd-snapshot-d1-42"), flags).toArray(String[]::new));

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().contains("no such snapshot: etcd-snapshot-d1-42"), run::toString);
        assertEquals(List.of(names.get(1)), files(dir));
        assertEquals(List.of("x/" + names.get(1)), servers.s3.keys("delete"));
        assertEquals(List.of("local-" + names.get(1), "s3-" + names.get(1)), List.copyOf(servers.records("/c3/").keySet()));
    }

    @Test
    void reconcileFollowsTheFilesAndLeavesOtherNodesAndUnlistedS3Alone() throws IOException {
        servers.s3.createBucket("recon");
        List<String> withS3 = concat(servers.local(dir, "r1", "/c4/"), servers.s3("recon", ""));
        List<String> names = saveMany(2, withS3);
        SnapshotRecord otherNode = SnapshotRecord.ready(SnapshotName.parse("etcd-snapshot-r2-100").orElseThrow(),
            SnapshotRecord.LOCAL, "r2", "file:///elsewhere/etcd-snapshot-r2-100", 7);
        servers.etcd.put("/c4/" + otherNode.key(), otherNode.toJson());
        Files.delete(dir.resolve(names.get(0)));
        // A file that is not a snapshot is not listed.
        Files.writeString(dir.resolve("notes.txt"), "hello");

        Cli.Run run = Cli.run(concat(List.of("reconcile"), servers.local(dir, "r1", "/c4/")).toArray(String[]::new));

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(List.of("reconciled 1 local and 0 S3 records"), run.outLines());
        Map<String, SnapshotRecord> records = servers.records("/c4/");
        assertEquals(List.of("local-" + names.get(1), "local-etcd-snapshot-r2-100", "s3-" + names.get(0), "s3-" + names.get(1)),
            List.copyOf(records.keySet()), "without S3 flags the S3 records stay; r2's record is r2's to reconcile");

        servers.s3.blobStore().removeBlob("recon", names.get(0));
        assertEquals(0, Cli.run(concat(List.of("reconcile"), withS3).toArray(String[]::new)).exitCode());
        assertEquals(List.of("local-" + names.get(1), "local-etcd-snapshot-r2-100", "s3-" + names.get(1)),
            List.copyOf(servers.records("/c4/").keySet()));
    }

    @Test
    void shellRunsEachLineAndReportsOneStatusLinePerCommand() {
        servers.s3.createBucket("shell");
        String input = String.join("\n",
            "# a comment, then a blank line",
            "",
            "reconcile",
            "save --s3-bucket shell --s3-folder 'in shell'",
            "list -o json",
            "save --retention 0",
            "frobnicate",
            "delete etcd-snapshot-s1-1",
            "serve",
            "save --s3-bucket shell --s3-folder \"unbalanced");
        List<String> shared = concat(servers.local(dir, "s1", "/c5/"), servers.s3("shell", "unused").subList(4, 11));

        Cli.Run run = Cli.runWithInput(input, concat(List.of("shell"), shared).toArray(String[]::new));

        assertEquals(0, run.exitCode(), run::toString);
        List<String> status = run.outLines().stream().filter(l -> l.matches("(ok|error) .*")).toList();
        assertEquals(8, status.size(), run::toString);
        assertEquals("ok reconcile", status.get(0));
        assertEquals("ok save", status.get(1));
        assertEquals("ok list", status.get(2));
        assertTrue(status.get(3).startsWith("error save: retention must be at least 1, got 0"), status.get(3));
        assertTrue(status.get(4).startsWith("error frobnicate: Unmatched argument"), status.get(4));
        assertTrue(status.get(5).startsWith("error delete: no such snapshot: etcd-snapshot-s1-1"), status.get(5));
        assertEquals("error serve: not available in shell mode", status.get(6));
        assertTrue(status.get(7).startsWith("error save: unbalanced"), status.get(7));
        String name = files(dir).get(0);
        assertEquals(List.of("in shell/" + name), servers.s3.keys("shell"));
        // Output of a command comes before its status line.
        int listed = run.outLines().indexOf("ok list");
        assertTrue(run.outLines().subList(0, listed).stream().anyMatch(l -> l.contains("s3://shell/in shell/" + name)), run::toString);
        assertEquals("", run.err(), "shell reports errors on stdout only");
    }
}
