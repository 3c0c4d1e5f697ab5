package dev.rke2metrics.sample;

import static dev.rke2metrics.sample.Servers.concat;
import static dev.rke2metrics.sample.Servers.files;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar as users run it: {@code java -jar target/sample-app.jar}, against real etcd and S3. */
class JarIT {
    static final Path JAR = Path.of("target", "sample-app.jar");

    @TempDir
    Path dir;

    @Test
    void runsWithJavaJarQuietlyAgainstRealServers() {
        assertTrue(Files.isRegularFile(JAR), JAR + " is built by the package phase");
        try (Servers servers = Servers.start()) {
            servers.s3.createBucket("jar");
            String lines = String.join("\n", "save --compress", "list -o json", "save --retention 0", "");
            List<String> shell = concat(concat(List.of("shell"), servers.local(dir, "j", "/jar/")), servers.s3("jar", "x"));

            try (JvmProcess p = JvmProcess.jar(JAR, shell.toArray(new String[0]))) {
                p.writeStdin(lines);
                assertEquals(0, p.waitFor(Duration.ofSeconds(60)), p::toString);
                List<String> status = p.out().stream().filter(l -> l.matches("(ok|error) .*")).toList();
                assertEquals(List.of("ok save", "ok list", "error save: retention must be at least 1, got 0 "
                    + "(see 'sample-app save --help')"), status, p::toString);
                assertEquals(List.of(), p.err(), "no library logging on stderr");
            }
            String name = files(dir).get(0);
            assertTrue(name.endsWith(".zip"), name);
            assertEquals(List.of("x/" + name), servers.s3.keys("jar"));
            assertEquals(2, servers.records("/jar/").size());
        }
    }

    @Test
    void failuresAreOneLineAndExitCodesTellThemApart() {
        try (JvmProcess usage = JvmProcess.jar(JAR, "save", "--etcd-timeout", "soon")) {
            assertEquals(2, usage.waitFor(Duration.ofSeconds(30)));
            assertEquals(List.of("sample-app: error: Invalid value for option '--etcd-timeout': 'soon' is not a duration "
                + "(write it like 30s, 5m, 1h30m or 500ms) (see 'sample-app save --help')"), usage.err());
        }
        try (JvmProcess failed = JvmProcess.jar(JAR, "reconcile", "--endpoints", "http://127.0.0.1:1",
            "--dir", dir.toString())) {
            assertEquals(1, failed.waitFor(Duration.ofSeconds(30)));
            assertEquals(1, failed.err().size(), failed::toString);
            assertTrue(failed.err().get(0).startsWith("sample-app: error: etcd http://127.0.0.1:1: cannot read"), failed::toString);
        }
    }
}
