package dev.rke2metrics.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One JVM shutdown hook, so that its steps run in order on SIGTERM/Ctrl-C: first stop services (serve waits for
 * an in-flight save to finish), then delete partial snapshot files of saves that are still running.
 */
final class ExitHooks {
    private static final Set<Runnable> STOPPERS = ConcurrentHashMap.newKeySet();
    private static final Set<Path> PARTIALS = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ExitHooks::run, "sample-app-exit"));
    }

    private ExitHooks() {
    }

    static void onExit(Runnable stopper) {
        STOPPERS.add(stopper);
    }

    static void remove(Runnable stopper) {
        STOPPERS.remove(stopper);
    }

    static void partial(Path file) {
        PARTIALS.add(file);
    }

    static void done(Path file) {
        PARTIALS.remove(file);
    }

    private static void run() {
        for (Runnable r : STOPPERS) {
            try {
                r.run();
            } catch (RuntimeException e) {
                System.err.println("sample-app: error: while stopping: " + Failures.describe(e));
            }
        }
        for (Path p : PARTIALS) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                System.err.println("sample-app: error: cannot delete partial snapshot " + p + ": " + Failures.describe(e));
            }
        }
    }
}
