package dev.rke2metrics.agent;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import net.bytebuddy.description.type.TypeDescription;

/**
 * {@code check}: validates a properties file and, given a class path, lists the methods each mapping
 * would time, found the way the agent finds them (by name, then by supertype).
 */
final class ConfigCheck {
  private final PrintStream out;

  ConfigCheck(PrintStream out) {
    this.out = out;
  }

  /** @return true when the file is valid and, with a class path, every mapping matches a method */
  boolean run(AgentConfig config, String classPath) throws IOException {
    for (String problem : config.problems()) {
      out.println(AgentLog.NAME + ": " + problem);
    }
    List<Mapping> mappings = config.mappings();
    if (!config.problems().isEmpty()) {
      out.println(config.source() + ": " + config.problems().size() + " problem(s)");
      return false;
    }
    out.println(config.source() + ": valid; " + mappings.size() + " mappings; metrics on "
        + config.host() + ":" + config.port() + " with prefix " + config.prefix());
    if (classPath == null) {
      for (Mapping mapping : mappings) {
        out.println("  " + mapping);
      }
      return true;
    }
    Map<Mapping, List<String>> found = findMethods(mappings, classPath);
    boolean allMatched = true;
    for (Mapping mapping : mappings) {
      out.println(mapping);
      List<String> methods = found.get(mapping);
      if (methods.isEmpty()) {
        allMatched = false;
        out.println("  (matches no method on the class path)");
      }
      for (String method : methods) {
        out.println("  " + method);
      }
    }
    return allMatched;
  }

  private Map<Mapping, List<String>> findMethods(List<Mapping> mappings, String classPath) throws IOException {
    Map<Mapping, List<String>> found = new LinkedHashMap<>();
    for (Mapping mapping : mappings) {
      found.put(mapping, new ArrayList<>());
    }
    MappingIndex index = new MappingIndex(mappings);
    List<Path> entries = classPathEntries(classPath);
    URL[] urls = new URL[entries.size()];
    for (int i = 0; i < urls.length; i++) {
      urls[i] = entries.get(i).toUri().toURL();
    }
    try (URLClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
      for (String className : classNames(entries)) {
        if (!index.worthParsing(className)) {
          continue;
        }
        byte[] bytes;
        try (InputStream in = loader.getResourceAsStream(className + ".class")) {
          bytes = in == null ? null : in.readAllBytes();
        }
        if (bytes == null) {
          continue;
        }
        List<Mapping> candidates = index.candidates(loader, bytes);
        if (candidates.isEmpty()) {
          continue;
        }
        String binaryName = className.replace('/', '.');
        // Described from the bytes just read, not read again.
        TypeDescription type = AdviceWeaver.pool(loader, binaryName, bytes).describe(binaryName).resolve();
        for (AdviceWeaver.Match match : AdviceWeaver.matches(type, candidates)) {
          found.get(match.mapping).add(match.signature());
        }
      }
    }
    return found;
  }

  private static List<Path> classPathEntries(String classPath) {
    List<Path> entries = new ArrayList<>();
    for (String entry : classPath.split(File.pathSeparator)) {
      if (entry.isBlank()) {
        continue;
      }
      Path path = Path.of(entry);
      if (!Files.exists(path)) {
        throw new IllegalArgumentException("class path entry '" + entry + "' does not exist");
      }
      entries.add(path);
    }
    return entries;
  }

  /** Internal names of every class in the entries (directories and jars). */
  private static List<String> classNames(List<Path> entries) throws IOException {
    List<String> names = new ArrayList<>();
    for (Path entry : entries) {
      if (Files.isDirectory(entry)) {
        try (Stream<Path> files = Files.walk(entry)) {
          files.filter(f -> f.toString().endsWith(".class"))
              .forEach(f -> names.add(className(entry.relativize(f).toString().replace(File.separatorChar, '/'))));
        }
      } else {
        try (JarFile jar = new JarFile(entry.toFile())) {
          Enumeration<JarEntry> jarEntries = jar.entries();
          while (jarEntries.hasMoreElements()) {
            String name = jarEntries.nextElement().getName();
            if (name.endsWith(".class") && !name.startsWith("META-INF/")) {
              names.add(className(name));
            }
          }
        }
      }
    }
    return names;
  }

  private static String className(String path) {
    return path.substring(0, path.length() - ".class".length());
  }
}
