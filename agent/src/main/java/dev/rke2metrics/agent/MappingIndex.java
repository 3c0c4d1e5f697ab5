package dev.rke2metrics.agent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which mappings can name methods of a class: by its name, or by a spec type among its ancestors.
 * JDK-only, so that it can run on every class load; the agent's transformer and the {@code check}
 * command both ask it, so they find the same methods.
 */
final class MappingIndex {
  private final List<Mapping> mappings;
  private final Set<String> specTypes = new HashSet<>();
  private final TypeHierarchy hierarchy;

  MappingIndex(List<Mapping> mappings) {
    this.mappings = mappings;
    for (Mapping mapping : mappings) {
      specTypes.add(mapping.spec().internalTypeName());
    }
    this.hierarchy = new TypeHierarchy(specTypes);
  }

  List<Mapping> mappings() {
    return mappings;
  }

  /** Whether a class of this internal name can match at all (false for JDK classes, usually). */
  boolean worthParsing(String internalName) {
    return hierarchy.worthParsing(internalName);
  }

  /**
   * The mappings whose type is the class or one of its ancestors; empty for most classes.
   *
   * @param loader the defining loader, null for the bootstrap loader
   */
  List<Mapping> candidates(ClassLoader loader, byte[] classFile) {
    Set<String> types = hierarchy.specTypesOf(loader, ClassHeader.parse(classFile));
    if (types.isEmpty()) {
      return Collections.emptyList();
    }
    List<Mapping> candidates = new ArrayList<>();
    for (Mapping mapping : mappings) {
      if (types.contains(mapping.spec().internalTypeName())) {
        candidates.add(mapping);
      }
    }
    return candidates;
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
}
