package dev.rke2metrics.sample.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A throw-away CA with a server certificate (SAN 127.0.0.1 and localhost) and a client certificate, made by the
 * openssl command. Keys are PKCS#8 PEM (OpenSSL 3's default), which Netty needs; {@link #serverKeyStore} is a
 * PKCS#12 copy of the server pair for Java servers (S3Proxy's Jetty).
 */
public record TlsFiles(Path dir, Path caCert, Path serverCert, Path serverKey, Path clientCert, Path clientKey,
                       Path serverKeyStore) {
    public static final String KEYSTORE_PASSWORD = "changeit";

    public static TlsFiles generate(Path dir) {
        try {
            Files.createDirectories(dir);
            Path ext = dir.resolve("server.ext");
            Files.writeString(ext, "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n");
            Path clientExt = dir.resolve("client.ext");
            Files.writeString(clientExt, "extendedKeyUsage=clientAuth\n");
            openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=sample-app test CA");
            issue(dir, "server", "/CN=localhost", ext);
            issue(dir, "client", "/CN=sample-app", clientExt);
            openssl(dir, "pkcs12", "-export", "-in", "server.crt", "-inkey", "server.key", "-out", "server.p12",
                "-passout", "pass:" + KEYSTORE_PASSWORD);
            return new TlsFiles(dir, dir.resolve("ca.crt"), dir.resolve("server.crt"), dir.resolve("server.key"),
                dir.resolve("client.crt"), dir.resolve("client.key"), dir.resolve("server.p12"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void issue(Path dir, String name, String subject, Path ext) {
        openssl(dir, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", name + ".key", "-out", name + ".csr", "-subj", subject);
        openssl(dir, "x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", name + ".crt", "-days", "2", "-extfile", ext.toString());
    }

    private static void openssl(Path dir, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        // Relative names resolve in dir: run through sh -c "cd dir && ..." to keep the commands readable.
        StringBuilder line = new StringBuilder("cd '" + dir + "' &&");
        for (String c : cmd) {
            line.append(" '").append(c.replace("'", "'\\''")).append('\'');
        }
        Processes.run(Duration.ofSeconds(30), List.of("sh", "-c", line.toString())).orThrow();
    }
}
