package dev.rke2metrics.agent;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Consumer;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS and HTTP basic auth for the endpoint, from the {@code tls.*} and {@code auth.*} keys, built on
 * what the JDK server behind the Prometheus exporter offers. Secrets are never put in a message:
 * problems name the key, never its value.
 */
final class EndpointSecurity {
  static final String[] KEYS = {"tls.keystore", "tls.keystore.password", "tls.client.auth", "tls.truststore",
      "tls.truststore.password", "auth.user", "auth.password", "auth.password.sha256", "auth.password.file"};

  private Path keystore;
  private char[] keystorePassword = new char[0];
  private boolean requireClientCertificate;
  private Path truststore;
  private char[] truststorePassword = new char[0];
  private String user;
  /** SHA-256 of the password: the password itself is not kept. */
  private byte[] passwordHash;
  private int passwordSources;

  /** Applies one key; returns false when the key is not one of ours. */
  boolean apply(String key, String value, Consumer<String> problems) {
    switch (key) {
      case "tls.keystore": keystore = Path.of(value); return true;
      case "tls.keystore.password": keystorePassword = value.toCharArray(); return true;
      case "tls.truststore": truststore = Path.of(value); return true;
      case "tls.truststore.password": truststorePassword = value.toCharArray(); return true;
      case "tls.client.auth":
        if (value.equals("require") || value.equals("none")) {
          requireClientCertificate = value.equals("require");
        } else {
          problems.accept("tls.client.auth=" + value + " is not 'none' or 'require'");
        }
        return true;
      case "auth.user":
        user = value;
        return true;
      case "auth.password":
        passwordSources++;
        passwordHash = sha256(value);
        return true;
      case "auth.password.sha256":
        passwordSources++;
        try {
          passwordHash = HexFormat.of().parseHex(value.toLowerCase());
          if (passwordHash.length != 32) {
            throw new IllegalArgumentException();
          }
        } catch (IllegalArgumentException e) {
          problems.accept("auth.password.sha256 is not 64 hexadecimal digits (its value is not shown)");
        }
        return true;
      case "auth.password.file":
        passwordSources++;
        try {
          passwordHash = sha256(Files.readString(Path.of(value), StandardCharsets.UTF_8).strip());
        } catch (IOException | RuntimeException e) {
          problems.accept("auth.password.file=" + value + " cannot be read: " + e.getClass().getSimpleName());
        }
        return true;
      default:
        return false;
    }
  }

  /** Problems that need every key: run after the whole file is read. */
  void checkComplete(Consumer<String> problems) {
    if (passwordSources > 1) {
      problems.accept("give only one of auth.password, auth.password.sha256 and auth.password.file");
    }
    if (user != null && passwordSources == 0) {
      problems.accept("auth.user is set but no auth.password, auth.password.sha256 or auth.password.file");
    }
    if (user == null && passwordSources > 0) {
      problems.accept("a password is set but auth.user is not");
    }
    if (keystore == null && (requireClientCertificate || truststore != null)) {
      problems.accept("tls.client.auth and tls.truststore need tls.keystore (TLS is off without it)");
    }
    if (requireClientCertificate && truststore == null) {
      problems.accept("tls.client.auth=require needs tls.truststore, the CA that signs client certificates");
    }
  }

  boolean tls() {
    return keystore != null;
  }

  String user() {
    return user;
  }

  /** The endpoint's TLS set-up, or null for plain HTTP. */
  HttpsConfigurator httpsConfigurator() throws IOException, GeneralSecurityException {
    if (keystore == null) {
      return null;
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(load(keystore, keystorePassword, "tls.keystore"), keystorePassword);
    TrustManagerFactory trust = null;
    if (truststore != null) {
      trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(load(truststore, truststorePassword, "tls.truststore"));
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
    boolean needClientAuth = requireClientCertificate;
    return new HttpsConfigurator(context) {
      @Override
      public void configure(HttpsParameters params) {
        SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
        parameters.setNeedClientAuth(needClientAuth);
        params.setSSLParameters(parameters);
      }
    };
  }

  private static KeyStore load(Path file, char[] password, String key) throws IOException, GeneralSecurityException {
    try {
      return KeyStore.getInstance(file.toFile(), password); // JKS or PKCS#12, told apart by content
    } catch (IOException e) {
      throw new IOException(key + "=" + file + " cannot be loaded (" + e.getMessage() + ")", e);
    }
  }

  /** HTTP basic auth, or null when no user is set. */
  Authenticator authenticator() {
    if (user == null || passwordHash == null) {
      return null;
    }
    byte[] expectedUser = sha256(user);
    byte[] expectedHash = passwordHash;
    return new BasicAuthenticator("rke2-metrics") {
      @Override
      public boolean checkCredentials(String givenUser, String givenPassword) {
        // Both compared in constant time, so a wrong guess takes as long as a near miss.
        boolean userMatches = MessageDigest.isEqual(sha256(givenUser), expectedUser);
        return MessageDigest.isEqual(sha256(givenPassword), expectedHash) & userMatches;
      }
    };
  }

  static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
