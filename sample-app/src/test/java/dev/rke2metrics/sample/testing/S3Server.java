package dev.rke2metrics.sample.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.domain.StorageType;
import org.jclouds.blobstore.options.ListContainerOptions;

/**
 * A real S3-compatible server: S3Proxy embedded, storing objects as files in a temp dir (jclouds
 * filesystem-nio2), with AWS v2/v4 authentication. It can stop and start again on the same port, data kept, to
 * play an S3 outage. Assertions read the store directly, not through the AWS SDK under test.
 */
public final class S3Server implements AutoCloseable {
    public static final String ACCESS_KEY = "sample-access";
    public static final String SECRET_KEY = "sample-secret-key";

    private final Path baseDir;
    private final BlobStoreContext context;
    private final TlsFiles tls;
    private S3Proxy proxy;
    private int port;

    private S3Server(TlsFiles tls) {
        this.tls = tls;
        try {
            this.baseDir = Files.createTempDirectory("s3-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties p = new Properties();
        p.setProperty("jclouds.filesystem.basedir", baseDir.toString());
        this.context = ContextBuilder.newBuilder("filesystem-nio2").credentials("unused", "unused").overrides(p)
            .build(BlobStoreContext.class);
    }

    /** Plain http on a free loopback port. */
    public static S3Server start() {
        S3Server s = new S3Server(null);
        s.startOn(0);
        return s;
    }

    /** https on a free loopback port, with {@code tls}'s server certificate (signed by its CA). */
    public static S3Server startTls(TlsFiles tls) {
        S3Server s = new S3Server(tls);
        s.startOn(0);
        return s;
    }

    /** Starts again after {@link #stop()}, on the same port, with the same objects. */
    public void restart() {
        if (proxy != null) {
            throw new IllegalStateException("S3 server is running");
        }
        startOn(port);
    }

    /** Stops listening (connections are refused); objects stay. */
    public void stop() {
        if (proxy == null) {
            return;
        }
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop S3Proxy", e);
        }
        proxy = null;
    }

    public boolean isRunning() {
        return proxy != null;
    }

    /** {@code http://127.0.0.1:PORT} (https with TLS), for --s3-endpoint. */
    public URI endpoint() {
        return URI.create((tls == null ? "http" : "https") + "://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    public Path baseDir() {
        return baseDir;
    }

    public void createBucket(String bucket) {
        blobStore().createContainerInLocation(null, bucket);
    }

    /** Every object key in {@code bucket}, sorted. */
    public List<String> keys(String bucket) {
        List<String> keys = new ArrayList<>();
        String marker = null;
        do {
            ListContainerOptions o = ListContainerOptions.Builder.recursive();
            if (marker != null) {
                o.afterMarker(marker);
            }
            var page = blobStore().list(bucket, o);
            for (StorageMetadata m : page) {
                if (m.getType() == StorageType.BLOB) {
                    keys.add(m.getName());
                }
            }
            marker = page.getNextMarker();
        } while (marker != null);
        keys.sort(null);
        return keys;
    }

    /** An object's content. */
    public byte[] read(String bucket, String key) {
        try (var in = blobStore().getBlob(bucket, key).getPayload().openStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void put(String bucket, String key, byte[] content) {
        blobStore().putBlob(bucket, blobStore().blobBuilder(key).payload(content).build());
    }

    public BlobStore blobStore() {
        return context.getBlobStore();
    }

    private void startOn(int wanted) {
        S3Proxy.Builder b = S3Proxy.builder().blobStore(blobStore())
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            // The AWS SDK sends CRC32 headers on DeleteObjects even with checksums WHEN_REQUIRED.
            .ignoreUnknownHeaders(true);
        if (tls == null) {
            b.endpoint(URI.create("http://127.0.0.1:" + wanted));
        } else {
            b.secureEndpoint(URI.create("https://127.0.0.1:" + wanted))
                .keyStore(tls.serverKeyStore().toString(), TlsFiles.KEYSTORE_PASSWORD);
        }
        S3Proxy p = b.build();
        try {
            p.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start S3Proxy on port " + wanted, e);
        }
        Processes.await("S3Proxy started", Duration.ofSeconds(30), () -> "STARTED".equals(p.getState()));
        this.proxy = p;
        this.port = tls == null ? p.getPort() : p.getSecurePort();
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            context.close();
            Processes.deleteTree(baseDir);
        }
    }
}
