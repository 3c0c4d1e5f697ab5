package dev.rke2metrics.sample;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** How to reach etcd: flags named as etcdctl names them. */
public final class EtcdOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--endpoints", paramLabel = "URLS", defaultValue = "${env:ETCD_ENDPOINTS:-http://127.0.0.1:2379}",
        description = "etcd client URLs, comma-separated, scheme required (env ETCD_ENDPOINTS; default: ${DEFAULT-VALUE}).")
    String endpoints;

    @Option(names = "--cacert", paramLabel = "FILE", description = "CA bundle (PEM) to verify etcd's server certificate.")
    Path cacert;

    @Option(names = "--cert", paramLabel = "FILE", description = "Client certificate (PEM) for etcd mutual TLS.")
    Path cert;

    @Option(names = "--key", paramLabel = "FILE", description = "Client private key (PEM, PKCS#8) for etcd mutual TLS.")
    Path key;

    @Option(names = "--etcd-timeout", paramLabel = "DURATION", defaultValue = "30s", converter = GoDuration.class,
        description = "Connect timeout and deadline of each etcd request; a snapshot stream fails when etcd "
            + "sends nothing for this long (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--record-prefix", paramLabel = "KEY", defaultValue = "/rke2-metrics/snapshots/",
        description = "etcd key prefix of the snapshot records reconcile writes (default: ${DEFAULT-VALUE}).")
    String recordPrefix;

    /** Checked endpoints; a bad one is a usage error naming it. */
    List<URI> endpointList() {
        List<URI> out = new ArrayList<>();
        for (String e : endpoints == null ? new String[0] : endpoints.split(",")) {
            String s = e.trim();
            if (s.isEmpty()) {
                continue;
            }
            URI u;
            try {
                u = URI.create(s);
            } catch (IllegalArgumentException ex) {
                u = null;
            }
            if (u == null || !("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null || u.getPort() < 0) {
                throw bad("invalid etcd endpoint '" + s + "': write it as http://HOST:PORT or https://HOST:PORT");
            }
            out.add(u);
        }
        if (out.isEmpty()) {
            throw bad("no etcd endpoint: give --endpoints or ETCD_ENDPOINTS");
        }
        if ((cert == null) != (key == null)) {
            throw bad("--cert and --key go together");
        }
        for (Path p : new Path[] {cacert, cert, key}) {
            if (p != null && !Files.isReadable(p)) {
                throw bad("cannot read TLS file " + p);
            }
        }
        if (timeout.isZero() || timeout.isNegative()) {
            throw bad("--etcd-timeout must be positive");
        }
        if (!recordPrefix.startsWith("/") || !recordPrefix.endsWith("/")) {
            throw bad("--record-prefix must start and end with '/': " + recordPrefix);
        }
        return out;
    }

    private ParameterException bad(String message) {
        return new ParameterException(mixee.commandLine(), message);
    }
}
