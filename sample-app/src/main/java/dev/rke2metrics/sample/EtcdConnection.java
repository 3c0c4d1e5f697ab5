package dev.rke2metrics.sample;

import com.google.protobuf.ByteOutput;
import com.google.protobuf.UnsafeByteOperations;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.maintenance.SnapshotResponse;
import io.etcd.jetcd.options.GetOption;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
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

    /**
     * Streams a snapshot into {@code out}. Fails when etcd sends nothing for the timeout (a stalled stream), not
     * when a large database simply takes long.
     */
    void snapshot(OutputStream out) throws SnapshotException {
        Receiver receiver = new Receiver(out);
        client.getMaintenanceClient().snapshot(receiver);
        CompletableFuture<Void> f = receiver.done;
        while (true) {
            try {
                f.get(200, TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException poll) {
                if (System.nanoTime() - receiver.lastWrite > timeout.toNanos()) {
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

    /**
     * Writes each chunk of the snapshot stream to {@code out} and remembers when data last arrived, for the stall
     * timeout. The chunk's own array is handed to {@code out} ({@link UnsafeByteOperations}): jetcd's
     * {@code snapshot(OutputStream)} goes through {@code ByteString.writeTo(OutputStream)}, which copies every chunk
     * first because a foreign stream might keep or change the array. Ours does neither. Once the save has failed or
     * been given up, the rest of the stream is dropped.
     */
    private static final class Receiver extends ByteOutput implements StreamObserver<SnapshotResponse> {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        volatile long lastWrite = System.nanoTime();
        private final OutputStream out;

        Receiver(OutputStream out) {
            this.out = out;
        }

        @Override
        public void onNext(SnapshotResponse response) {
            if (done.isDone()) {
                return;
            }
            try {
                UnsafeByteOperations.unsafeWriteTo(response.getBlob(), this);
                lastWrite = System.nanoTime();
            } catch (IOException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        }

        @Override
        public void onError(Throwable t) {
            done.completeExceptionally(t);
        }

        @Override
        public void onCompleted() {
            done.complete(null);
        }

        @Override
        public void write(byte value) throws IOException {
            out.write(value);
        }

        @Override
        public void write(byte[] value, int offset, int length) throws IOException {
            out.write(value, offset, length);
        }

        @Override
        public void writeLazy(byte[] value, int offset, int length) throws IOException {
            out.write(value, offset, length);
        }

        @Override
        public void write(ByteBuffer value) throws IOException {
            if (value.hasArray()) {
                out.write(value.array(), value.arrayOffset() + value.position(), value.remaining());
            } else {
                byte[] copy = new byte[value.remaining()];
                value.duplicate().get(copy);
                out.write(copy, 0, copy.length);
            }
        }

        @Override
        public void writeLazy(ByteBuffer value) throws IOException {
            write(value);
        }
    }
}
