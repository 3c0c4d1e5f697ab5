package dev.rke2metrics.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * sample-app in its own JVM (to send it signals). Output goes to files, read on demand: reading a pipe races with
 * the JDK closing it when the process exits, which can lose the last lines.
 */
final class JvmProcess implements AutoCloseable {
    final Process process;
    private final Path stdout;
    private final Path stderr;

    private JvmProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** {@code java -cp <this test's class path> Main args}. */
    static JvmProcess main(String... args) {
        List<String> cmd = new ArrayList<>(List.of(java(), "-cp", System.getProperty("java.class.path"),
            Main.class.getName()));
        cmd.addAll(List.of(args));
        return start(cmd);
    }

    /** {@code java -jar jar args}. */
    static JvmProcess jar(Path jar, String... args) {
        List<String> cmd = new ArrayList<>(List.of(java(), "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        return start(cmd);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static JvmProcess start(List<String> cmd) {
        try {
            Path out = Files.createTempFile("sample-app", ".out");
            Path err = Files.createTempFile("sample-app", ".err");
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            return new JvmProcess(p, out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> out() {
        return lines(stdout);
    }

    List<String> err() {
        return lines(stderr);
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void writeStdin(String text) {
        try (var in = process.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long count(Predicate<String> line) {
        return out().stream().filter(line).count();
    }

    /** Waits for the exit; the exit code. */
    int waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("still running after " + timeout + "\n" + this);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        } catch (IOException | InterruptedException e) {
            // temp files: best effort
        }
    }

    @Override
    public String toString() {
        return "stdout: " + out() + "\nstderr: " + err();
    }
}
