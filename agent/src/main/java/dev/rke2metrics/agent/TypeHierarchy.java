package dev.rke2metrics.agent;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers "which of the spec types are this class or its ancestors" for a class that is being
 * loaded, with the JDK alone. A class's supertypes are usually not loaded yet when it is, so their
 * headers are read from the class loader's resources and cached by name.
 */
final class TypeHierarchy {
  private static final String[] UNKNOWN = new String[0];

  private final Set<String> specTypes;
  /** Whether any spec names a JDK type: only then can a JDK class or ancestor match. */
  private final boolean specsInJdk;
  private final ConcurrentHashMap<String, String[]> supertypesByName = new ConcurrentHashMap<>();

  /** @param specTypes internal names of every type named by a spec */
  TypeHierarchy(Set<String> specTypes) {
    this.specTypes = specTypes;
    boolean jdk = false;
    for (String type : specTypes) {
      jdk |= isJdk(type);
    }
    this.specsInJdk = jdk;
  }

  /** Whether a class of this name can match at all without looking at its bytes. */
  boolean worthParsing(String internalName) {
    return specsInJdk || !isJdk(internalName);
  }

  /**
   * The spec types among a class and all its ancestors; empty (and cheap) for most classes.
   *
   * @param loader the defining loader, null for the bootstrap loader
   */
  Set<String> specTypesOf(ClassLoader loader, ClassHeader header) {
    supertypesByName.putIfAbsent(header.name, header.supertypes);
    Set<String> found = null;
    if (specTypes.contains(header.name)) {
      found = new LinkedHashSet<>();
      found.add(header.name);
    }
    Deque<String> toVisit = null;
    Set<String> visited = null;
    for (String supertype : header.supertypes) {
      if (specTypes.contains(supertype)) {
        found = add(found, supertype);
      }
      if (worthParsing(supertype)) {
        if (toVisit == null) {
          toVisit = new ArrayDeque<>();
          visited = new HashSet<>();
        }
        toVisit.add(supertype);
      }
    }
    while (toVisit != null && !toVisit.isEmpty()) {
      String type = toVisit.poll();
      if (!visited.add(type)) {
        continue;
      }
      for (String supertype : supertypes(loader, type)) {
        if (specTypes.contains(supertype)) {
          found = add(found, supertype);
        }
        if (worthParsing(supertype)) {
          toVisit.add(supertype);
        }
      }
    }
    return found == null ? Collections.emptySet() : found;
  }

  private static Set<String> add(Set<String> found, String type) {
    Set<String> set = found == null ? new LinkedHashSet<>() : found;
    set.add(type);
    return set;
  }

  private String[] supertypes(ClassLoader loader, String type) {
    String[] known = supertypesByName.get(type);
    if (known != null) {
      return known;
    }
    String[] read = readSupertypes(loader, type);
    if (read != UNKNOWN) {
      // An unreadable type is not cached: another class loader may well see it.
      supertypesByName.putIfAbsent(type, read);
    }
    return read;
  }

  private static String[] readSupertypes(ClassLoader loader, String type) {
    ClassLoader source = loader != null ? loader : ClassLoader.getPlatformClassLoader();
    try (InputStream in = source.getResourceAsStream(type + ".class")) {
      if (in == null) {
        return UNKNOWN;
      }
      return ClassHeader.parse(in.readAllBytes()).supertypes;
    } catch (IOException | RuntimeException e) {
      return UNKNOWN;
    }
  }

  static boolean isJdk(String internalName) {
    return internalName.startsWith("java/") || internalName.startsWith("javax/")
        || internalName.startsWith("jdk/") || internalName.startsWith("sun/")
        || internalName.startsWith("com/sun/");
  }
}
