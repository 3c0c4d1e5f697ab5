package dev.rke2metrics.targets;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;

/**
 * Loads classes from a jar nested inside another jar, as Spring Boot's launcher does, and prefers
 * its own classes to its parent's.
 */
public final class NestedJarClassLoader extends ClassLoader {
  private final Map<String, byte[]> classes = new HashMap<>();

  public NestedJarClassLoader(Path outerJar, String innerJarEntry, ClassLoader parent) throws IOException {
    super("nested-jar", parent);
    try (JarFile outer = new JarFile(outerJar.toFile());
         InputStream innerBytes = outer.getInputStream(outer.getEntry(innerJarEntry));
         JarInputStream inner = new JarInputStream(innerBytes)) {
      JarEntry entry;
      while ((entry = inner.getNextJarEntry()) != null) {
        if (entry.getName().endsWith(".class")) {
          classes.put(entry.getName(), inner.readAllBytes());
        }
      }
    }
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    synchronized (getClassLoadingLock(name)) {
      Class<?> loaded = findLoadedClass(name);
      if (loaded == null) {
        byte[] bytes = classes.get(name.replace('.', '/') + ".class");
        loaded = bytes != null ? defineClass(name, bytes, 0, bytes.length) : getParent().loadClass(name);
      }
      if (resolve) {
        resolveClass(loaded);
      }
      return loaded;
    }
  }

  @Override
  public InputStream getResourceAsStream(String name) {
    byte[] bytes = classes.get(name);
    return bytes != null ? new ByteArrayInputStream(bytes) : super.getResourceAsStream(name);
  }
}
