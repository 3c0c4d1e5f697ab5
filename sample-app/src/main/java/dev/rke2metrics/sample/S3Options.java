package dev.rke2metrics.sample;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Where snapshots go in S3: rke2's --etcd-s3-* flags, shortened to --s3-*. */
public final class S3Options {
    static final String AWS_ENDPOINT = "s3.amazonaws.com";

    /** Which optional checksums the AWS SDK sends and checks (many S3-compatible servers reject the new ones). */
    public enum Checksums {
        WHEN_REQUIRED, WHEN_SUPPORTED;

        static final class Converter implements CommandLine.ITypeConverter<Checksums> {
            @Override
            public Checksums convert(String value) {
                for (Checksums c : values()) {
                    if (c.name().replace('_', '-').equalsIgnoreCase(value) || c.name().equalsIgnoreCase(value)) {
                        return c;
                    }
                }
                throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not one of when-required, when-supported");
            }
        }
    }

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--s3", description = "Enable S3 (implied by --s3-bucket).")
    boolean enabled;

    @Option(names = "--s3-endpoint", paramLabel = "HOST[:PORT]|URL", defaultValue = AWS_ENDPOINT,
        description = "S3 endpoint; a URL's scheme wins over --s3-insecure (default: ${DEFAULT-VALUE}).")
    String endpoint;

    @Option(names = "--s3-region", paramLabel = "REGION", defaultValue = "us-east-1",
        description = "S3 region (default: ${DEFAULT-VALUE}).")
    String region;

    @Option(names = "--s3-bucket", paramLabel = "BUCKET", description = "S3 bucket (it must exist).")
    String bucket;

    @Option(names = "--s3-folder", paramLabel = "FOLDER", defaultValue = "",
        description = "Folder (key prefix) in the bucket; empty for the bucket's top.")
    String folder;

    @Option(names = "--s3-access-key", paramLabel = "KEY", defaultValue = "${env:AWS_ACCESS_KEY_ID}",
        description = "Access key (env AWS_ACCESS_KEY_ID). Without keys the AWS SDK's default credential chain is used.")
    String accessKey;

    @Option(names = "--s3-secret-key", paramLabel = "SECRET", defaultValue = "${env:AWS_SECRET_ACCESS_KEY}",
        description = "Secret key (env AWS_SECRET_ACCESS_KEY; prefer the environment: flags show in ps).")
    String secretKey;

    @Option(names = "--s3-path-style", description = "Path-style requests (http://host/bucket/key): most S3-compatible servers need it.")
    boolean pathStyle;

    @Option(names = "--s3-endpoint-ca", paramLabel = "FILE", description = "CA bundle (PEM) to verify the S3 server.")
    Path endpointCa;

    @Option(names = "--s3-skip-ssl-verify", description = "Do not verify the S3 server's certificate (testing only).")
    boolean skipSslVerify;

    @Option(names = "--s3-insecure", description = "Plain http to an endpoint given without scheme.")
    boolean insecure;

    @Option(names = "--s3-timeout", paramLabel = "DURATION", defaultValue = "5m", converter = GoDuration.class,
        description = "Timeout of each S3 call, an upload included (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--s3-checksums", paramLabel = "WHEN", defaultValue = "when-required",
        converter = Checksums.Converter.class,
        description = "when-required (default): send and check checksums only where S3 requires them, which "
            + "S3-compatible servers (MinIO before 2025, S3Proxy, Ceph...) accept; when-supported: the AWS SDK's "
            + "newer default (CRC32 trailers), for AWS S3.")
    Checksums checksums;

    /** Whether S3 is configured; checks the flags that go with it. */
    boolean configured() {
        if (!enabled && (bucket == null || bucket.isBlank())) {
            return false;
        }
        if (bucket == null || bucket.isBlank()) {
            throw bad("--s3 needs --s3-bucket");
        }
        if ((accessKey == null || accessKey.isEmpty()) != (secretKey == null || secretKey.isEmpty())) {
            throw bad("--s3-access-key and --s3-secret-key go together");
        }
        if (endpointCa != null && !Files.isReadable(endpointCa)) {
            throw bad("cannot read --s3-endpoint-ca " + endpointCa);
        }
        if (timeout.isZero() || timeout.isNegative()) {
            throw bad("--s3-timeout must be positive");
        }
        endpointUri();
        return true;
    }

    /** The endpoint to override the SDK's with, or null for AWS itself. */
    URI endpointUri() {
        String e = endpoint == null ? "" : endpoint.trim();
        if (e.isEmpty() || e.equals(AWS_ENDPOINT)) {
            return null;
        }
        try {
            URI u = URI.create(e.contains("://") ? e : (insecure ? "http://" : "https://") + e);
            if (u.getHost() == null || !("http".equals(u.getScheme()) || "https".equals(u.getScheme()))) {
                throw new IllegalArgumentException("no host");
            }
            return u;
        } catch (IllegalArgumentException ex) {
            throw bad("invalid --s3-endpoint '" + endpoint + "'");
        }
    }

    /** The folder without surrounding slashes. */
    String folderPath() {
        return folder == null ? "" : folder.replaceAll("^/+|/+$", "");
    }

    private ParameterException bad(String message) {
        return new ParameterException(mixee.commandLine(), message);
    }
}
