package dev.rke2metrics.agent;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's class file transformer. Most classes are passed over by name and header alone, with
 * the JDK only; ByteBuddy ({@link AdviceWeaver}) is loaded the first time a class can match.
 */
final class SnapshotTransformer implements ClassFileTransformer {
  private final MappingIndex index;
  /** Mappings that have matched at least one method, for the report of those that never did. */
  private final Set<Mapping> matched = ConcurrentHashMap.newKeySet();
  /** Classes loaded while we weave (ByteBuddy's own, for one) are not ours to transform. */
  private final ThreadLocal<Boolean> weaving = new ThreadLocal<>();
  private final Set<String> reportedFailures = ConcurrentHashMap.newKeySet();
  private final BootstrapBridge bridge;
  private volatile AdviceWeaver weaver;

  SnapshotTransformer(List<Mapping> mappings, BootstrapBridge bridge) {
    this.index = new MappingIndex(mappings);
    this.bridge = bridge;
  }

  @Override
  public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain, byte[] bytes) {
    if (className == null || bytes == null || isOwn(className) || !index.worthParsing(className)
        || weaving.get() != null) {
      return null;
    }
    weaving.set(Boolean.TRUE);
    try {
      List<Mapping> candidates = index.candidates(loader, bytes);
      if (candidates.isEmpty()) {
        return null;
      }
      byte[] woven = weaver().weave(loader, className, bytes, candidates, matched::add);
      if (woven != null) {
        bridge.makeVisibleTo(loader);
      }
      return woven;
    } catch (Throwable failure) {
      // Never break class loading: the class stays as it was, and we say why once.
      if (reportedFailures.add(className)) {
        AgentLog.line("cannot instrument " + className.replace('/', '.') + ", it runs untimed: " + failure);
      }
      return null;
    } finally {
      weaving.remove();
    }
  }

  /** Whether a loaded class is or extends a spec type, so that retransforming it may weave it. */
  boolean mayMatch(Class<?> type) {
    return index.mayMatch(type);
  }

  private AdviceWeaver weaver() {
    AdviceWeaver current = weaver;
    if (current == null) {
      synchronized (this) {
        current = weaver;
        if (current == null) {
          current = new AdviceWeaver(); // loads ByteBuddy: only once a class can match
          weaver = current;
        }
      }
    }
    return current;
  }

  private static boolean isOwn(String className) {
    return className.startsWith("dev/rke2metrics/agent/") || className.startsWith("dev/rke2metrics/shaded/");
  }

  /** How many mappings have matched at least one method so far. */
  int matchedCount() {
    return matched.size();
  }

  /** The mappings that have not matched any method so far. */
  List<Mapping> unmatched() {
    List<Mapping> unmatched = new ArrayList<>();
    for (Mapping mapping : index.mappings()) {
      if (!matched.contains(mapping)) {
        unmatched.add(mapping);
      }
    }
    return Collections.unmodifiableList(unmatched);
  }
}
