package dev.rke2metrics.agent;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's class file transformer. Most classes are passed over by name and header alone, with
 * the JDK only; ByteBuddy ({@link AdviceWeaver}) is loaded the first time a class can match.
 */
final class SnapshotTransformer implements ClassFileTransformer {
  private final List<Mapping> mappings;
  private final Set<String> specTypes = new HashSet<>();
  private final TypeHierarchy hierarchy;
  /** Mappings that have matched at least one method, for the report of those that never did. */
  private final Set<Mapping> matched = ConcurrentHashMap.newKeySet();
  /** Classes loaded while we weave (ByteBuddy's own, for one) are not ours to transform. */
  private final ThreadLocal<Boolean> weaving = new ThreadLocal<>();
  private final Set<String> reportedFailures = ConcurrentHashMap.newKeySet();
  private volatile AdviceWeaver weaver;

  private final BootstrapBridge bridge;

  SnapshotTransformer(List<Mapping> mappings, BootstrapBridge bridge) {
    this.mappings = mappings;
    this.bridge = bridge;
    for (Mapping mapping : mappings) {
      specTypes.add(mapping.spec().internalTypeName());
    }
    this.hierarchy = new TypeHierarchy(specTypes);
  }

  @Override
  public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain, byte[] bytes) {
    if (className == null || bytes == null || isOwn(className) || !hierarchy.worthParsing(className)
        || weaving.get() != null) {
      return null;
    }
    weaving.set(Boolean.TRUE);
    try {
      Set<String> types = hierarchy.specTypesOf(loader, ClassHeader.parse(bytes));
      if (types.isEmpty()) {
        return null;
      }
      List<Mapping> candidates = candidates(types);
      byte[] woven = weaver().weave(loader, className, bytes, candidates, match -> matched.add(match.mapping));
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

  /** Whether a loaded class is or extends a spec type, from the JVM's own view of it. */
  boolean mayMatch(Class<?> type) {
    if (type.isArray() || type.isPrimitive() || !hierarchy.worthParsing(internalName(type))) {
      return false;
    }
    for (Class<?> current = type; current != null; current = current.getSuperclass()) {
      if (specTypes.contains(internalName(current)) || implementsSpecType(current.getInterfaces())) {
        return true;
      }
    }
    return false;
  }

  private boolean implementsSpecType(Class<?>[] interfaces) {
    for (Class<?> candidate : interfaces) {
      if (specTypes.contains(internalName(candidate)) || implementsSpecType(candidate.getInterfaces())) {
        return true;
      }
    }
    return false;
  }

  private static String internalName(Class<?> type) {
    return type.getName().replace('.', '/');
  }

  private List<Mapping> candidates(Set<String> types) {
    List<Mapping> candidates = new ArrayList<>();
    for (Mapping mapping : mappings) {
      if (types.contains(mapping.spec().internalTypeName())) {
        candidates.add(mapping);
      }
    }
    return candidates;
  }

  private AdviceWeaver weaver() {
    AdviceWeaver current = weaver;
    if (current == null) {
      synchronized (this) {
        current = weaver;
        if (current == null) {
          current = new AdviceWeaver();
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
    for (Mapping mapping : mappings) {
      if (!matched.contains(mapping)) {
        unmatched.add(mapping);
      }
    }
    return Collections.unmodifiableList(unmatched);
  }
}
