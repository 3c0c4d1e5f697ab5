package dev.rke2metrics.sample;

import static dev.rke2metrics.sample.Servers.concat;
import static dev.rke2metrics.sample.Servers.files;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rke2metrics.sample.testing.Processes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve in its own JVM: per-second schedule, retention, records, and a clean stop on SIGTERM. */
class ServeProcessTest {
    @TempDir
    Path dir;

    @Test
    void savesOnScheduleAndStopsCleanlyOnSigterm() {
        try (Servers servers = Servers.start()) {
            servers.s3.createBucket("serve");
            List<String> args = concat(concat(List.of("serve", "--schedule", "* * * * * *", "--retention", "2",
                "--reconcile-interval", "1h"), servers.local(dir, "srv", "/serve/")), servers.s3("serve", "cron"));

            try (JvmProcess serve = JvmProcess.main(args.toArray(new String[0]))) {
                Processes.await("three scheduled saves", Duration.ofSeconds(30),
                    () -> serve.count(l -> l.startsWith("saved ")) >= 3 || !serve.process.isAlive());
                assertTrue(serve.out().get(0).startsWith("serving: saves at '* * * * * *'"), serve::toString);

                serve.process.destroy(); // SIGTERM
                int code = serve.waitFor(Duration.ofSeconds(30));

                assertEquals(143, code, "killed by SIGTERM after a clean stop: " + serve);
                List<String> out = serve.out();
                assertEquals("stopped", out.get(out.size() - 1), serve::toString);
                assertEquals(0, serve.count(l -> l.startsWith("save failed")), serve::toString);
                assertEquals(List.of(), serve.err(), "nothing on stderr");
            }
            List<String> local = files(dir);
            assertEquals(2, local.size(), "retention 2, no partial file left: " + local);
            assertTrue(local.stream().allMatch(n -> n.matches("etcd-snapshot-srv-\\d+")), local::toString);
            assertEquals(local.stream().map(n -> "cron/" + n).toList(), servers.s3.keys("serve"));
            Map<String, SnapshotRecord> records = servers.records("/serve/");
            assertEquals(4, records.size(), records::toString);
        }
    }
}
