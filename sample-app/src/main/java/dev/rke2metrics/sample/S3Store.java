package dev.rke2metrics.sample;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.TrustManagerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.utils.AttributeMap;

/** The snapshots in {@code s3://<bucket>/<folder>/}. */
public final class S3Store implements AutoCloseable {
    private final S3Client s3;
    private final SdkHttpClient http;
    private final String bucket;
    private final String folder;

    public S3Store(S3Options o) throws SnapshotException {
        this.bucket = o.bucket;
        this.folder = o.folderPath();
        this.http = httpClient(o);
        boolean whenRequired = o.checksums == S3Options.Checksums.WHEN_REQUIRED;
        S3ClientBuilder b = S3Client.builder()
            .httpClient(http)
            .region(Region.of(o.region))
            .credentialsProvider(credentials(o))
            .forcePathStyle(o.pathStyle)
            // Flexible checksums (CRC32 trailers, aws-chunked bodies) are rejected by many S3-compatible servers.
            .requestChecksumCalculation(whenRequired
                ? RequestChecksumCalculation.WHEN_REQUIRED : RequestChecksumCalculation.WHEN_SUPPORTED)
            .responseChecksumValidation(whenRequired
                ? ResponseChecksumValidation.WHEN_REQUIRED : ResponseChecksumValidation.WHEN_SUPPORTED)
            .overrideConfiguration(c -> c.apiCallTimeout(o.timeout));
        URI endpoint = o.endpointUri();
        if (endpoint != null) {
            b.endpointOverride(endpoint);
        }
        try {
            this.s3 = b.build();
        } catch (SdkException | IllegalArgumentException e) {
            http.close();
            throw new SnapshotException("cannot set up S3 client: " + Failures.describe(e), e);
        }
    }

    /** {@code s3://bucket/folder/name}, as records show it. */
    public String location(String fileName) {
        return "s3://" + bucket + "/" + key(fileName);
    }

    /** Uploads a local snapshot file under the same name; the S3 record of the result. */
    public SnapshotRecord uploadSnapshot(Path file) throws SnapshotException {
        String fileName = file.getFileName().toString();
        SnapshotName sn = SnapshotName.parse(fileName)
            .orElseThrow(() -> new SnapshotException("not a snapshot file name: " + fileName));
        try {
            long size = Files.size(file);
            // From the file, not a stream: the SDK re-reads it on retries.
            s3.putObject(r -> r.bucket(bucket).key(key(fileName)).contentLength(size)
                .contentType(sn.compressed() ? "application/zip" : "application/octet-stream"), RequestBody.fromFile(file));
            return SnapshotRecord.ready(sn, SnapshotRecord.S3, SnapshotRecord.S3, location(fileName), size);
        } catch (SdkException | IOException | java.io.UncheckedIOException e) {
            throw new SnapshotException("S3 upload of " + fileName + " to " + location("") + " failed: "
                + Failures.describe(e), e);
        }
    }

    /** The snapshots in the folder, every node's (reconcile's view of S3). */
    public List<SnapshotRecord> listSnapshots() throws SnapshotException {
        List<SnapshotRecord> out = new ArrayList<>();
        for (S3Object o : listObjects()) {
            String fileName = o.key().substring(prefixPath().length());
            SnapshotName.parse(fileName).ifPresent(sn ->
                out.add(SnapshotRecord.ready(sn, SnapshotRecord.S3, SnapshotRecord.S3, location(fileName), o.size())));
        }
        return out;
    }

    /** Names only, for retention: not the mapped listing. */
    List<SnapshotName> snapshotNames() throws SnapshotException {
        List<SnapshotName> out = new ArrayList<>();
        for (S3Object o : listObjects()) {
            SnapshotName.parse(o.key().substring(prefixPath().length())).ifPresent(out::add);
        }
        return out;
    }

    /** Deletes all but the newest {@code keep} snapshots of {@code prefix}; returns the deleted names. */
    List<String> applyRetention(String prefix, int keep, SnapshotName justTaken) throws SnapshotException {
        List<String> deleted = new ArrayList<>();
        for (SnapshotName old : Retention.toDelete(snapshotNames(), prefix, keep, justTaken)) {
            deleteObject(old.fileName());
            deleted.add(old.fileName());
        }
        return deleted;
    }

    /** Deletes one snapshot object; false if there was none of that name. */
    boolean deleteSnapshot(String fileName) throws SnapshotException {
        try {
            s3.headObject(r -> r.bucket(bucket).key(key(fileName)));
        } catch (NoSuchKeyException e) {
            return false;
        } catch (SdkException e) {
            if (e instanceof software.amazon.awssdk.services.s3.model.S3Exception
                && ((software.amazon.awssdk.services.s3.model.S3Exception) e).statusCode() == 404) {
                return false;
            }
            throw new SnapshotException("S3: cannot look up " + location(fileName) + ": " + Failures.describe(e), e);
        }
        deleteObject(fileName);
        return true;
    }

    private void deleteObject(String fileName) throws SnapshotException {
        try {
            s3.deleteObject(r -> r.bucket(bucket).key(key(fileName)));
        } catch (SdkException e) {
            throw new SnapshotException("S3: cannot delete " + location(fileName) + ": " + Failures.describe(e), e);
        }
    }

    private List<S3Object> listObjects() throws SnapshotException {
        try {
            List<S3Object> out = new ArrayList<>();
            s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefixPath())).contents().forEach(o -> {
                if (o.key().indexOf('/', prefixPath().length()) < 0) { // not in sub-folders
                    out.add(o);
                }
            });
            return out;
        } catch (SdkException e) {
            throw new SnapshotException("S3: cannot list " + location("") + ": " + Failures.describe(e), e);
        }
    }

    private String prefixPath() {
        return folder.isEmpty() ? "" : folder + "/";
    }

    private String key(String fileName) {
        return prefixPath() + fileName;
    }

    private static AwsCredentialsProvider credentials(S3Options o) {
        if (o.accessKey != null && !o.accessKey.isEmpty()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(o.accessKey, o.secretKey));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    private static SdkHttpClient httpClient(S3Options o) throws SnapshotException {
        UrlConnectionHttpClient.Builder b = UrlConnectionHttpClient.builder()
            .connectionTimeout(o.timeout)
            .socketTimeout(o.timeout);
        if (o.endpointCa != null) {
            TrustManagerFactory tmf = trustFrom(o.endpointCa);
            b.tlsTrustManagersProvider(tmf::getTrustManagers);
        }
        if (o.skipSslVerify) {
            return b.buildWithDefaults(AttributeMap.builder()
                .put(SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES, Boolean.TRUE).build());
        }
        return b.build();
    }

    private static TrustManagerFactory trustFrom(Path pem) throws SnapshotException {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("ca-" + i++, c);
            }
            if (i == 0) {
                throw new SnapshotException("no certificate in --s3-endpoint-ca " + pem);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            return tmf;
        } catch (IOException | GeneralSecurityException e) {
            throw new SnapshotException("cannot load --s3-endpoint-ca " + pem + ": " + Failures.describe(e), e);
        }
    }

    @Override
    public void close() {
        s3.close();
        http.close();
    }
}
