package dev.rke2metrics.sample.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Real etcd servers (Debian's /usr/bin/etcd) on free loopback ports, in a temp dir: one member or a cluster,
 * plain or mutual TLS. Waits on etcdctl's health check, never on a fixed delay. Members can be stopped, killed
 * and started again with the same ports and data.
 */
public final class EtcdServer implements AutoCloseable {
    /** Overridable with -Detcd.binary / -Detcdctl.binary. */
    public static final Path ETCD = Path.of(System.getProperty("etcd.binary", "/usr/bin/etcd"));
    public static final Path ETCDCTL = Path.of(System.getProperty("etcdctl.binary", "/usr/bin/etcdctl"));
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Path baseDir;
    private final TlsFiles tls;
    private final List<Member> members = new ArrayList<>();

    private static final class Member {
        final String name;
        final int clientPort;
        final int peerPort;
        Process process;

        Member(String name, int clientPort, int peerPort) {
            this.name = name;
            this.clientPort = clientPort;
            this.peerPort = peerPort;
        }
    }

    private EtcdServer(int size, TlsFiles tls) {
        requireBinaries();
        this.tls = tls;
        try {
            this.baseDir = Files.createTempDirectory("etcd-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 0; i < size; i++) {
            members.add(new Member("m" + i, Processes.freePort(), Processes.freePort()));
        }
    }

    /** One member, plain http. */
    public static EtcdServer start() {
        return startCluster(1);
    }

    /** {@code size} members forming one cluster, plain http. */
    public static EtcdServer startCluster(int size) {
        return launch(new EtcdServer(size, null));
    }

    /** One member with https and client-certificate authentication, using {@code tls}'s server pair and CA. */
    public static EtcdServer startTls(TlsFiles tls) {
        return launch(new EtcdServer(1, tls));
    }

    private static EtcdServer launch(EtcdServer s) {
        try {
            for (int i = 0; i < s.members.size(); i++) {
                s.spawn(i);
            }
            for (int i = 0; i < s.members.size(); i++) {
                s.awaitHealthy(i);
            }
            return s;
        } catch (RuntimeException | Error e) {
            s.close();
            throw e;
        }
    }

    public static void requireBinaries() {
        for (Path p : List.of(ETCD, ETCDCTL)) {
            if (!Files.isExecutable(p)) {
                throw new IllegalStateException(p + " not found: the end-to-end tests need a real etcd. Install "
                    + "Debian's packages: apt-get install -y etcd-server etcd-client");
            }
        }
    }

    /** Every member's client URL, comma-separated (for --endpoints). */
    public String endpoints() {
        return members.stream().map(m -> clientUrl(members.indexOf(m))).collect(Collectors.joining(","));
    }

    public String clientUrl(int member) {
        return (tls == null ? "http" : "https") + "://127.0.0.1:" + members.get(member).clientPort;
    }

    public int size() {
        return members.size();
    }

    public Path baseDir() {
        return baseDir;
    }

    public boolean isRunning(int member) {
        Process p = members.get(member).process;
        return p != null && p.isAlive();
    }

    /** SIGTERM, and wait for the process to exit. */
    public void stop(int member) {
        end(member, false);
    }

    /** SIGKILL, and wait for the process to exit. */
    public void kill(int member) {
        end(member, true);
    }

    /** Starts a stopped member again, same ports and data, and waits until it is healthy. */
    public void restart(int member) {
        if (isRunning(member)) {
            throw new IllegalStateException("member " + member + " is running");
        }
        spawn(member);
        awaitHealthy(member);
    }

    /** etcdctl against one member (TLS flags added); arguments after the global flags. */
    public Processes.Result etcdctl(int member, String... args) {
        List<String> cmd = new ArrayList<>(List.of(ETCDCTL.toString(), "--endpoints", clientUrl(member),
            "--dial-timeout", "3s", "--command-timeout", "10s"));
        if (tls != null) {
            cmd.addAll(List.of("--cacert", tls.caCert().toString(), "--cert", tls.clientCert().toString(),
                "--key", tls.clientKey().toString()));
        }
        cmd.addAll(List.of(args));
        return Processes.run(Duration.ofSeconds(30), cmd);
    }

    /** Keys under {@code prefix} to values, read with etcdctl from the first running member. */
    public Map<String, String> getPrefix(String prefix) {
        String out = etcdctl(firstRunning(), "get", "--prefix", prefix).orThrow().stdout();
        Map<String, String> kv = new LinkedHashMap<>();
        String[] lines = out.split("\n");
        for (int i = 0; i + 1 < lines.length; i += 2) {
            kv.put(lines[i], lines[i + 1]);
        }
        return kv;
    }

    public void put(String key, String value) {
        etcdctl(firstRunning(), "put", key, value).orThrow();
    }

    private int firstRunning() {
        for (int i = 0; i < members.size(); i++) {
            if (isRunning(i)) {
                return i;
            }
        }
        throw new IllegalStateException("no etcd member runs");
    }

    /** Checks a snapshot file with {@code etcdctl snapshot status}: its JSON ({"hash":..,"totalKey":..}). */
    public static String snapshotStatus(Path file) {
        return Processes.run(Duration.ofSeconds(30), List.of(ETCDCTL.toString(), "snapshot", "status", file.toString(),
            "--write-out", "json")).orThrow().stdout().trim();
    }

    private void spawn(int i) {
        Member m = members.get(i);
        String scheme = tls == null ? "http" : "https";
        String cluster = members.stream().map(x -> x.name + "=http://127.0.0.1:" + x.peerPort)
            .collect(Collectors.joining(","));
        List<String> cmd = new ArrayList<>(List.of(ETCD.toString(), "--name", m.name,
            "--data-dir", baseDir.resolve(m.name).toString(), "--logger=zap", "--log-level=warn",
            "--listen-client-urls", scheme + "://127.0.0.1:" + m.clientPort,
            "--advertise-client-urls", scheme + "://127.0.0.1:" + m.clientPort,
            "--listen-peer-urls", "http://127.0.0.1:" + m.peerPort,
            "--initial-advertise-peer-urls", "http://127.0.0.1:" + m.peerPort,
            "--initial-cluster", cluster, "--initial-cluster-state", "new",
            "--initial-cluster-token", "t-" + baseDir.getFileName()));
        if (tls != null) {
            cmd.addAll(List.of("--cert-file", tls.serverCert().toString(), "--key-file", tls.serverKey().toString(),
                "--trusted-ca-file", tls.caCert().toString(), "--client-cert-auth"));
        }
        try {
            Path log = baseDir.resolve(m.name + ".log");
            m.process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + ETCD, e);
        }
    }

    private void awaitHealthy(int i) {
        Member m = members.get(i);
        try {
            Processes.await("etcd member " + m.name + " healthy at " + clientUrl(i), START_TIMEOUT, () -> {
                if (!m.process.isAlive()) {
                    throw new IllegalStateException("etcd member " + m.name + " exited: "
                        + Processes.tail(baseDir.resolve(m.name + ".log"), 20));
                }
                return etcdctl(i, "endpoint", "health").exitCode() == 0;
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + Processes.tail(baseDir.resolve(m.name + ".log"), 20), e);
        }
    }

    private void end(int i, boolean kill) {
        Process p = members.get(i).process;
        if (p == null || !p.isAlive()) {
            return;
        }
        if (kill) {
            p.destroyForcibly();
        } else {
            p.destroy();
        }
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < members.size(); i++) {
            kill(i);
        }
        Processes.deleteTree(baseDir);
    }
}
