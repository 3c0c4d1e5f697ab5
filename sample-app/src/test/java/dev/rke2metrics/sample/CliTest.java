package dev.rke2metrics.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line without servers: help, version, and bad flag values (one line, exit code 2). */
class CliTest {
    @Test
    void helpListsEverySubcommandAndFlag() {
        Cli.Run top = Cli.run("--help");
        assertEquals(0, top.exitCode());
        for (String sub : List.of("save", "list", "prune", "delete", "reconcile", "serve", "shell")) {
            assertTrue(top.out().contains("  " + sub), sub + " in\n" + top.out());
        }
        Cli.Run save = Cli.run("save", "--help");
        assertEquals(0, save.exitCode());
        for (String flag : List.of("--endpoints", "--cacert", "--cert", "--key", "--etcd-timeout", "--record-prefix",
            "--dir", "--name", "--node-name", "--compress", "--retention", "--s3", "--s3-endpoint", "--s3-region",
            "--s3-bucket", "--s3-folder", "--s3-access-key", "--s3-secret-key", "--s3-path-style", "--s3-endpoint-ca",
            "--s3-skip-ssl-verify", "--s3-insecure", "--s3-timeout", "--s3-checksums")) {
            assertTrue(save.out().contains(flag), flag);
        }
        Cli.Run serve = Cli.run("serve", "--help");
        assertTrue(serve.out().contains("--schedule") && serve.out().contains("--reconcile-interval")
            && serve.out().contains("0 */12 * * *"), serve.out());
        assertEquals(0, Cli.run("--version").exitCode());
    }

    @Test
    void badValuesAreOneLineNamingTheValueWithExitCode2() {
        assertUsage("'abc' is not an int", "save", "--retention", "abc");
        assertUsage("invalid cron expression 'every day'", "serve", "--schedule", "every day");
        assertUsage("'5x' is not a duration", "save", "--etcd-timeout", "5x");
        assertUsage("'sometimes' is not one of when-required, when-supported", "save", "--s3-checksums", "sometimes");
        assertUsage("invalid etcd endpoint '127.0.0.1:2379'", "save", "--endpoints", "127.0.0.1:2379");
        assertUsage("--s3 needs --s3-bucket", "save", "--endpoints", "http://127.0.0.1:1", "--s3");
        assertUsage("retention must be at least 1, got 0", "prune", "--endpoints", "http://127.0.0.1:1", "--retention", "0");
        assertUsage("invalid node name 'a/b'", "save", "--endpoints", "http://127.0.0.1:1", "--node-name", "a/b");
        assertUsage("--cert and --key go together", "save", "--endpoints", "https://127.0.0.1:1", "--cert", "/etc/hostname");
        assertUsage("Unmatched argument at index 0: 'backup'", "backup");
        assertUsage("Missing required parameter: 'NAME'", "delete");
    }

    private static void assertUsage(String message, String... args) {
        Cli.Run run = Cli.run(args);
        assertEquals(2, run.exitCode(), run::toString);
        assertEquals(1, run.errLines().size(), run::toString);
        assertTrue(run.err().startsWith("sample-app: error: "), run::toString);
        assertTrue(run.err().contains(message), run::toString);
        assertEquals("", run.out());
    }
}
