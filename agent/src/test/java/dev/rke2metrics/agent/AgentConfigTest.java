package dev.rke2metrics.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigTest {
  private static AgentConfig parse(String text) throws IOException {
    Properties properties = new Properties();
    properties.load(new StringReader(text));
    return AgentConfig.parse(properties, "/etc/agent.properties");
  }

  @Test
  void emptyFileGivesRke2Defaults() throws IOException {
    AgentConfig config = parse("");
    assertEquals(List.of(), config.problems());
    assertEquals(9345, config.port());
    assertEquals("0.0.0.0", config.host());
    assertEquals("rke2", config.prefix());
    assertFalse(config.strict());
    double[] expected = {0.008, 0.016, 0.032, 0.064, 0.128, 0.256, 0.512, 1.024, 2.048, 4.096, 8.192,
        16.384, 32.768, 65.536, 131.072};
    assertArrayEquals(expected, config.buckets(), 1e-12);
    assertTrue(config.mappings().isEmpty());
  }

  @Test
  void everyKeyIsRead() throws IOException {
    AgentConfig config = parse(String.join("\n",
        "port=0", "host=127.0.0.1", "prefix=k3s", "buckets=0.5, 1,2.5", "strict=true",
        "save.total=a.B#save", "save.local=a.B#local(java.lang.String,int)",
        "save.s3=a.B#upload, a.C#upload", "reconcile.total=a.B#reconcile",
        "reconcile.local=a.B#listLocal()", "reconcile.s3=a.B#listS3(byte[],java.lang.String...)"));
    assertEquals(List.of(), config.problems());
    assertEquals(0, config.port());
    assertEquals("127.0.0.1", config.host());
    assertEquals("k3s", config.prefix());
    assertTrue(config.strict());
    assertArrayEquals(new double[] {0.5, 1, 2.5}, config.buckets());
    assertEquals(7, config.mappings().size());
    assertEquals(2, config.specs(Operation.SAVE_S3).size());
    assertTrue(config.specs(Operation.RECONCILE_S3).get(0)
        .matches("listS3", List.of("byte[]", "java.lang.String[]")));
  }

  @Test
  void unknownKeyIsNamedWithTheFileAndTheRestStillApplies() throws IOException {
    AgentConfig config = parse("save.S3=a.B#upload\nsave.total=a.B#save");
    assertEquals(1, config.problems().size());
    String problem = config.problems().get(0);
    assertEquals("/etc/agent.properties: unknown key 'save.S3' (did you mean 'save.s3'?)", problem);
    assertTrue(parse("colour=blue").problems().get(0).contains("unknown key 'colour' (known keys: port, host,"));
    assertTrue(parse("push.urll=http://a:1").problems().get(0).endsWith("(did you mean 'push.url'?)"));
    assertEquals(1, config.mappings().size());
    assertTrue(config.endpointUsable());
  }

  @Test
  void badPortIsNamedAndTurnsTheEndpointOff() throws IOException {
    AgentConfig config = parse("port=abc");
    assertEquals(List.of("/etc/agent.properties: port=abc is not a port number (0 to 65535; 0 picks a free port)"),
        config.problems());
    assertFalse(config.endpointUsable());
    assertFalse(parse("port=65536").endpointUsable());
  }

  @Test
  void badBucketsPrefixAndStrictAreNamed() throws IOException {
    assertTrue(parse("buckets=1,x").problems().get(0).contains("buckets=1,x has 'x'"));
    assertTrue(parse("buckets=2,1").problems().get(0).contains("not strictly increasing at '1'"));
    assertTrue(parse("buckets=0,1").problems().get(0).contains("finite and > 0"));
    assertTrue(parse("prefix=9bad").problems().get(0).contains("prefix=9bad is not a valid metric name prefix"));
    assertTrue(parse("strict=yes").problems().get(0).contains("strict=yes is not true or false"));
  }

  @Test
  void malformedSpecIsNamedAndOtherSpecsOfTheKeyStay() throws IOException {
    AgentConfig config = parse("save.total=a.b.C.method, a.b.C#save");
    assertEquals(List.of("/etc/agent.properties: save.total: 'a.b.C.method' has no '#': write fully.qualified.Type#method"),
        config.problems());
    assertEquals(1, config.mappings().size());
    assertTrue(config.endpointUsable());
  }

  @Test
  void pushAndExtraSeriesKeys() throws IOException {
    AgentConfig config = parse("push.url=http://127.0.0.1:9091\npush.job=etcd-snapshot\n"
        + "push.grouping=instance=node-1, cluster=prod\npush.interval=30s\nextra.metrics=false");
    assertEquals(List.of(), config.problems());
    assertEquals("http://127.0.0.1:9091", config.push().url().toString());
    assertEquals("etcd-snapshot", config.push().job());
    assertEquals(java.util.Map.of("instance", "node-1", "cluster", "prod"), config.push().grouping());
    assertEquals(java.time.Duration.ofSeconds(30), config.push().interval());
    assertFalse(config.extraMetrics());
    assertTrue(parse("").extraMetrics());
    assertEquals(List.of("/etc/agent.properties: push.url=ftp://x is not a Pushgateway URL such as http://pushgateway:9091"),
        parse("push.url=ftp://x").problems());
    assertTrue(parse("push.grouping=instance").problems().get(0).contains("write label=value,label=value"));
    assertTrue(parse("push.url=http://a:1\npush.interval=soon").problems().get(0)
        .contains("push.interval=soon is not a duration such as 30s, 5m or 1h"));
  }

  @Test
  void missingFileIsOneProblemNamingIt(@TempDir Path dir) {
    Path missing = dir.resolve("nope.properties");
    AgentConfig config = AgentConfig.load(missing);
    assertEquals(List.of("cannot read " + missing + ": no such file"), config.problems());
    assertFalse(config.endpointUsable());
  }

  @Test
  void fileIsReadFromDisk(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("agent.properties");
    Files.writeString(file, "# comment\nport=1234\nsave.total=a.B#save\n");
    AgentConfig config = AgentConfig.load(file);
    assertEquals(List.of(), config.problems());
    assertEquals(1234, config.port());
    assertEquals(file.toAbsolutePath().toString(), config.source());
  }
}
