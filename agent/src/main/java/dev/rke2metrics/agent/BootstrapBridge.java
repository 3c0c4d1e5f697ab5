package dev.rke2metrics.agent;

import dev.rke2metrics.agent.bootstrap.CallDepth;
import dev.rke2metrics.agent.bootstrap.Sink;
import dev.rke2metrics.agent.bootstrap.Timings;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;

/**
 * Makes the bootstrap package reachable from woven classes whose loader cannot see the agent jar
 * (a loader whose parent is the bootstrap or platform loader). Only then is it appended to the
 * bootstrap path, as OpenTelemetry's agent always does: appending disables class data sharing for
 * application classes and makes the JVM print a warning, so the usual case does without it.
 * The second copy of {@link Timings} it creates forwards every call to the first.
 */
final class BootstrapBridge {
  private static final String TIMINGS_RESOURCE = Timings.class.getName().replace('.', '/') + ".class";

  private final Instrumentation instrumentation;
  private final URL ownTimings;
  private final Map<ClassLoader, Boolean> checked = new WeakHashMap<>();
  private boolean appended;

  BootstrapBridge(Instrumentation instrumentation) {
    this.instrumentation = instrumentation;
    ClassLoader own = BootstrapBridge.class.getClassLoader();
    this.ownTimings = own == null ? null : own.getResource(TIMINGS_RESOURCE);
  }

  /** Ensures that advice woven into a class of {@code loader} resolves the bootstrap package. */
  synchronized void makeVisibleTo(ClassLoader loader) throws IOException, ReflectiveOperationException {
    if (appended || (loader != null && checked.containsKey(loader))) {
      return;
    }
    if (loader != null && ownTimings != null && Objects.equals(ownTimings, loader.getResource(TIMINGS_RESOURCE))) {
      checked.put(loader, Boolean.TRUE);
      return;
    }
    // Our own copies must all be loaded before the append, or later lookups of the package
    // through our loader would find the bootstrap copies instead.
    Class.forName(CallDepth.class.getName());
    Class.forName(Timings.class.getName() + "$Completion");
    Class.forName(Timings.class.getName() + "$OutOfLine");
    Class.forName(Sink.class.getName());
    if (BootstrapJar.append(instrumentation) == null) {
      return; // running from a directory: nothing to append
    }
    appended = true;
    Class<?> bootTimings = Class.forName(Timings.class.getName(), true, null);
    if (bootTimings == Timings.class) {
      return; // the agent itself was loaded from the bootstrap path
    }
    Class<?> bootSink = Class.forName(Sink.class.getName(), false, null);
    Object forwarder = Proxy.newProxyInstance(null, new Class<?>[] {bootSink}, (proxy, method, args) -> forward(method, args));
    bootTimings.getMethod("install", bootSink).invoke(null, forwarder);
  }

  private static Object forward(Method method, Object[] args) {
    switch (method.getName()) {
      case "record":
        Timings.record((Integer) args[0], (Long) args[1], (Long) args[2], (Boolean) args[3]);
        return null;
      case "hashCode":
        return 0;
      case "equals":
        return false;
      default:
        return "rke2-metrics bootstrap forwarder";
    }
  }
}
