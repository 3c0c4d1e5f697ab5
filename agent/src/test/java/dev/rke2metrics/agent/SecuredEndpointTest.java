package dev.rke2metrics.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS, client certificates and basic auth on the endpoint, with stores made by the JDK's keytool. */
class SecuredEndpointTest {
  private static final String STORE_PASSWORD = "store-pass-1";
  private static final String SECRET = "s3cr3t-scrape-pw";

  @TempDir
  static Path dir;

  @BeforeAll
  static void makeStores() throws Exception {
    keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-dname", "CN=localhost",
        "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2", "-keystore", "server.p12");
    keytool("-genkeypair", "-alias", "scraper", "-keyalg", "EC", "-dname", "CN=prometheus",
        "-validity", "2", "-keystore", "client.p12");
    keytool("-exportcert", "-alias", "server", "-keystore", "server.p12", "-file", "server.crt");
    keytool("-exportcert", "-alias", "scraper", "-keystore", "client.p12", "-file", "client.crt");
    keytool("-importcert", "-noprompt", "-alias", "server", "-file", "server.crt", "-keystore", "client-trust.p12");
    keytool("-importcert", "-noprompt", "-alias", "scraper", "-file", "client.crt", "-keystore", "server-trust.p12");
  }

  private static void keytool(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
    command.addAll(List.of(args));
    command.addAll(List.of("-storepass", STORE_PASSWORD, "-storetype", "PKCS12"));
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), output);
  }

  private static AgentConfig config(String text) throws IOException {
    Properties properties = new Properties();
    properties.load(new StringReader(text));
    AgentConfig config = AgentConfig.parse(properties, "secure.properties");
    assertEquals(List.of(), config.problems());
    return config;
  }

  private static MetricsEndpoint start(AgentConfig config) throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    new SnapshotMetrics("rke2", AgentConfig.DEFAULT_BUCKETS, registry)
        .record(Operation.SAVE.ordinal(), 1_000_000, System.nanoTime(), false);
    return MetricsEndpoint.start("127.0.0.1", 0, registry, config.security());
  }

  private static HttpResponse<String> get(HttpClient client, String url, String user, String password) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    if (user != null) {
      request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
          (user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpClient tlsClient(boolean withClientCertificate) throws Exception {
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(KeyStore.getInstance(dir.resolve("client-trust.p12").toFile(), STORE_PASSWORD.toCharArray()));
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(KeyStore.getInstance(dir.resolve("client.p12").toFile(), STORE_PASSWORD.toCharArray()),
        STORE_PASSWORD.toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(withClientCertificate ? keys.getKeyManagers() : null, trust.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(context).build();
  }

  @Test
  void basicAuthWithPlainPasswordHashOrFile() throws Exception {
    Path passwordFile = dir.resolve("password.txt");
    Files.writeString(passwordFile, SECRET + "\n");
    String hash = HexFormat.of().formatHex(EndpointSecurity.sha256(SECRET));
    for (String passwordKey : List.of("auth.password=" + SECRET, "auth.password.sha256=" + hash,
        "auth.password.file=" + passwordFile)) {
      try (MetricsEndpoint endpoint = start(config("auth.user=prometheus\n" + passwordKey))) {
        HttpClient client = HttpClient.newHttpClient();
        assertEquals(401, get(client, endpoint.url(), null, null).statusCode(), passwordKey);
        assertEquals(401, get(client, endpoint.url(), "prometheus", "wrong").statusCode(), passwordKey);
        assertEquals(401, get(client, endpoint.url(), "someone", SECRET).statusCode(), passwordKey);
        HttpResponse<String> ok = get(client, endpoint.url(), "prometheus", SECRET);
        assertEquals(200, ok.statusCode(), passwordKey);
        assertTrue(ok.body().contains("rke2_etcd_snapshot_save_duration_seconds_count{status=\"success\"} 1"));
      }
    }
  }

  @Test
  void tlsServesHttpsAndPlainHttpFails() throws Exception {
    AgentConfig config = config("tls.keystore=" + dir.resolve("server.p12") + "\ntls.keystore.password=" + STORE_PASSWORD);
    try (MetricsEndpoint endpoint = start(config)) {
      assertTrue(endpoint.url().startsWith("https://127.0.0.1:"), endpoint.url());
      assertEquals(200, get(tlsClient(false), endpoint.url(), null, null).statusCode());
      String plain = endpoint.url().replace("https://", "http://");
      assertThrows(IOException.class, () -> get(HttpClient.newHttpClient(), plain, null, null));
    }
  }

  @Test
  void requiredClientCertificateWorksWithOneAndFailsWithout() throws Exception {
    AgentConfig config = config("tls.keystore=" + dir.resolve("server.p12") + "\ntls.keystore.password=" + STORE_PASSWORD
        + "\ntls.client.auth=require\ntls.truststore=" + dir.resolve("server-trust.p12")
        + "\ntls.truststore.password=" + STORE_PASSWORD + "\nauth.user=prometheus\nauth.password=" + SECRET);
    try (MetricsEndpoint endpoint = start(config)) {
      assertEquals(200, get(tlsClient(true), endpoint.url(), "prometheus", SECRET).statusCode());
      assertEquals(401, get(tlsClient(true), endpoint.url(), "prometheus", "nope").statusCode());
      assertThrows(IOException.class, () -> get(tlsClient(false), endpoint.url(), "prometheus", SECRET));
    }
  }

  @Test
  void secretsNeverAppearInProblems() throws Exception {
    Properties properties = new Properties();
    properties.load(new StringReader("auth.password=" + SECRET + "\nauth.password.sha256=" + SECRET
        + "\ntls.keystore.password=" + SECRET + "\ntls.client.auth=require"));
    AgentConfig config = AgentConfig.parse(properties, "secure.properties");
    assertFalse(config.problems().isEmpty());
    assertFalse(config.endpointUsable());
    for (String problem : config.problems()) {
      assertFalse(problem.contains(SECRET), problem);
    }
    assertTrue(config.problems().contains("secure.properties: auth.password.sha256 is not 64 hexadecimal digits "
        + "(its value is not shown)"), config.problems().toString());
  }

  @Test
  void wrongKeystorePasswordIsAClearErrorWithoutThePassword() throws Exception {
    AgentConfig config = config("tls.keystore=" + dir.resolve("server.p12") + "\ntls.keystore.password=" + SECRET);
    IOException failure = assertThrows(IOException.class, () -> start(config));
    assertTrue(failure.getMessage().startsWith("tls.keystore=" + dir.resolve("server.p12") + " cannot be loaded"),
        failure.getMessage());
    assertFalse(failure.getMessage().contains(SECRET));
  }
}
