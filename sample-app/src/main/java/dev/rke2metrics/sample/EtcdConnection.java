package dev.rke2metrics.sample;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/** A jetcd client with the operations the tool needs, each bounded by the etcd timeout. */
final class EtcdConnection implements AutoCloseable {
    private final Client client;
    private final String endpoints;
    private final Duration timeout;

    EtcdConnection(List<URI> endpoints, Path cacert, Path cert, Path key, Duration timeout) throws SnapshotException {
        this.endpoints = endpoints.stream().map(URI::toString).collect(Collectors.joining(","));
        this.timeout = timeout;
        ClientBuilder b = Client.builder()
            .endpoints(endpoints.toArray(new URI[0]))
            .connectTimeout(timeout)
            // Fail fast on an unreachable etcd instead of waiting for it forever (jetcd waits by default).
            .waitForReady(false);
        if (cacert != null || cert != null) {
            try {
                b.sslContext(ssl -> {
                    if (cacert != null) {
                        ssl.trustManager(cacert.toFile());
                    }
                    if (cert != null) {
                        ssl.keyManager(cert.toFile(), key.toFile());
                    }
                });
            } catch (IOException | IllegalArgumentException e) {
                throw new SnapshotException("cannot load etcd TLS files: " + Failures.describe(e), e);
            }
        }
        this.client = b.build();
    }

    String endpoints() {
        return endpoints;
    }

    /**
     * Streams a snapshot into {@code out}; returns the byte count etcd sent. Fails when etcd sends nothing for the
     * timeout (a stalled stream), not when a large database simply takes long.
     */
    long snapshot(OutputStream out) throws SnapshotException {
        ProgressStream progress = new ProgressStream(out);
        CompletableFuture<Long> f = client.getMaintenanceClient().snapshot(progress);
        while (true) {
            try {
                return f.get(200, TimeUnit.MILLISECONDS);
            } catch (TimeoutException poll) {
                if (System.nanoTime() - progress.lastWrite > timeout.toNanos()) {
                    f.cancel(true);
                    throw new SnapshotException("snapshot from etcd " + endpoints + " stalled: no data for "
                        + GoDuration.format(timeout));
                }
            } catch (ExecutionException e) {
                throw new SnapshotException("snapshot from etcd " + endpoints + " failed: " + Failures.describe(e), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                f.cancel(true);
                throw new SnapshotException("snapshot from etcd interrupted", e);
            }
        }
    }

    /** Keys (prefix removed) to values of everything under {@code prefix}. */
    Map<String, String> getPrefix(String prefix) throws SnapshotException {
        ByteSequence p = bytes(prefix);
        List<KeyValue> kvs = await("read " + prefix, client.getKVClient()
            .get(p, GetOption.builder().isPrefix(true).build())).getKvs();
        Map<String, String> out = new LinkedHashMap<>();
        for (KeyValue kv : kvs) {
            out.put(kv.getKey().toString(StandardCharsets.UTF_8).substring(prefix.length()),
                kv.getValue().toString(StandardCharsets.UTF_8));
        }
        return out;
    }

    void put(String key, String value) throws SnapshotException {
        await("write " + key, client.getKVClient().put(bytes(key), bytes(value)));
    }

    void delete(String key) throws SnapshotException {
        await("delete " + key, client.getKVClient().delete(bytes(key)));
    }

    private <T> T await(String what, CompletableFuture<T> f) throws SnapshotException {
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new SnapshotException("etcd " + endpoints + ": cannot " + what + " within " + GoDuration.format(timeout), e);
        } catch (ExecutionException e) {
            throw new SnapshotException("etcd " + endpoints + ": cannot " + what + ": " + Failures.describe(e), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SnapshotException("interrupted while waiting for etcd", e);
        }
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        client.close();
    }

    /** Remembers when data last arrived, for the stall timeout. */
    private static final class ProgressStream extends OutputStream {
        private final OutputStream out;
        volatile long lastWrite = System.nanoTime();

        ProgressStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            lastWrite = System.nanoTime();
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            lastWrite = System.nanoTime();
        }
    }
}
