package dev.rke2metrics.sample;

import static dev.rke2metrics.sample.Servers.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rke2metrics.sample.testing.Processes;
import java.io.IOException;
import java.io.Reader;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.matcher.ElementMatchers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract with the agent: rke2-metrics.properties names six real methods, and each is called exactly once
 * per step. Counted here by instrumenting exactly those methods, as the agent does, in one JVM.
 */
class MappingCountTest {
    static final List<String> KEYS = List.of("save.total", "save.local", "save.s3",
        "reconcile.total", "reconcile.local", "reconcile.s3");
    /** "Type#method" to calls; public so the inlined advice can reach it from the app's classes. */
    public static final Map<String, AtomicLong> CALLS = new ConcurrentHashMap<>();

    private static Map<String, String> mapping;
    private static Instrumentation instrumentation;
    private static ResettableClassFileTransformer transformer;
    private static Servers servers;

    @TempDir
    Path dir;

    public static final class CountAdvice {
        @Advice.OnMethodEnter
        static void enter(@Advice.Origin("#t") String type, @Advice.Origin("#m") String method) {
            count(type + "#" + method);
        }
    }

    /** Public and lambda-free: the advice is inlined into the app's classes and calls this from there. */
    public static void count(String spec) {
        CALLS.computeIfAbsent(spec, k -> new AtomicLong()).incrementAndGet();
    }

    @BeforeAll
    static void instrument() throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of("rke2-metrics.properties"))) {
            p.load(r);
        }
        List<String> expectedKeys = new ArrayList<>(KEYS);
        expectedKeys.add("port");
        assertEquals(new java.util.TreeSet<>(expectedKeys), new java.util.TreeSet<>(p.stringPropertyNames()));
        assertEquals("9345", p.getProperty("port"));
        mapping = new LinkedHashMap<>();
        Map<String, Set<String>> methodsByType = new TreeMap<>();
        for (String key : KEYS) {
            String spec = p.getProperty(key).trim();
            mapping.put(key, spec);
            String[] parts = spec.split("#");
            methodsByType.computeIfAbsent(parts[0], t -> new java.util.HashSet<>()).add(parts[1]);
        }
        instrumentation = ByteBuddyAgent.install();
        transformer = new AgentBuilder.Default()
            .disableClassFormatChanges()
            .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
            .type(ElementMatchers.namedOneOf(methodsByType.keySet().toArray(new String[0])))
            .transform((builder, type, loader, module, domain) -> builder.visit(Advice.to(CountAdvice.class)
                .on(ElementMatchers.namedOneOf(methodsByType.get(type.getName()).toArray(new String[0]))
                    .and(ElementMatchers.not(ElementMatchers.isAbstract())))))
            .installOn(instrumentation);
        servers = Servers.start();
    }

    @AfterAll
    static void uninstrument() {
        if (transformer != null) {
            transformer.reset(instrumentation, AgentBuilder.RedefinitionStrategy.RETRANSFORMATION);
        }
        if (servers != null) {
            servers.close();
        }
    }

    @BeforeEach
    void resetCounts() {
        CALLS.clear();
    }

    @Test
    void eachSpecNamesExactlyOneConcreteMethod() throws ClassNotFoundException {
        for (String spec : mapping.values()) {
            String[] parts = spec.split("#");
            Class<?> type = Class.forName(parts[0]);
            List<Method> named = new ArrayList<>();
            for (Method m : type.getDeclaredMethods()) {
                if (m.getName().equals(parts[1]) && !m.isBridge() && !m.isSynthetic()) {
                    named.add(m);
                }
            }
            assertEquals(1, named.size(), spec + ": " + named);
            assertFalse(Modifier.isAbstract(named.get(0).getModifiers()), spec);
            assertFalse(Modifier.isPrivate(named.get(0).getModifiers()), spec);
            assertTrue(java.util.Arrays.stream(type.getDeclaredMethods())
                .noneMatch(m -> m.getName().equals(parts[1]) && m.isBridge()), spec + " has a bridge method: counted twice");
        }
    }

    @Test
    void twoReconcilesThenASaveWithS3CountOncePerStep() {
        servers.s3.createBucket("counts");
        List<String> local = servers.local(dir, "c1", "/m1/");
        String input = String.join("\n", "reconcile", "reconcile",
            String.join(" ", concat(List.of("save"), servers.s3("counts", "f"))));

        Cli.Run run = Cli.runWithInput(input, concat(List.of("shell"), local).toArray(String[]::new));

        assertEquals(List.of("ok reconcile", "ok reconcile", "ok save"),
            run.outLines().stream().filter(l -> l.startsWith("ok ") || l.startsWith("error ")).toList(), run::toString);
        assertEquals(Map.of("save.total", 1L, "save.local", 1L, "save.s3", 1L,
            "reconcile.total", 3L, "reconcile.local", 3L, "reconcile.s3", 1L), counts());
    }

    @Test
    void listPruneAndDeleteListOnlyThroughTheirOneReconcile() {
        servers.s3.createBucket("counts2");
        List<String> flags = concat(servers.local(dir, "c2", "/m2/"), servers.s3("counts2", ""));
        String input = String.join("\n", "save --retention 3", "save --retention 3", "list", "prune --retention 1",
            "delete etcd-snapshot-c2-1");

        Cli.Run run = Cli.runWithInput(input, concat(List.of("shell"), flags).toArray(String[]::new));

        assertEquals(List.of("ok save", "ok save", "ok list", "ok prune", "error delete"),
            run.outLines().stream().filter(l -> l.matches("(ok|error) \\w+.*")).map(l -> l.replaceFirst(":.*", "")).toList(),
            run::toString);
        assertEquals(Map.of("save.total", 2L, "save.local", 2L, "save.s3", 2L,
            "reconcile.total", 5L, "reconcile.local", 5L, "reconcile.s3", 5L), counts());
    }

    @Test
    void failedStepsCountOnceAndStopWhereTheyFail() {
        servers.s3.createBucket("counts3");
        String closed = "http://127.0.0.1:" + Processes.freePort();
        String input = String.join("\n",
            "save --endpoints " + closed,
            String.join(" ", concat(List.of("save"), servers.s3("no-such-bucket", "f"))));

        Cli.Run run = Cli.runWithInput(input, concat(List.of("shell"), servers.local(dir, "c3", "/m3/")).toArray(String[]::new));

        assertEquals(2, run.outLines().stream().filter(l -> l.startsWith("error save: ")).count(), run::toString);
        // Unreachable etcd: save and local save fail, nothing else runs. Bad bucket: the upload fails, the
        // reconcile after it still runs (and lists S3, where the bucket is missing too).
        assertEquals(Map.of("save.total", 2L, "save.local", 2L, "save.s3", 1L,
            "reconcile.total", 1L, "reconcile.local", 1L, "reconcile.s3", 1L), counts());
    }

    private static Map<String, Long> counts() {
        Map<String, Long> out = new TreeMap<>();
        mapping.forEach((key, spec) -> {
            AtomicLong n = CALLS.get(spec);
            if (n != null) {
                out.put(key, n.get());
            }
        });
        return out;
    }
}
