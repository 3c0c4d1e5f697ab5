package dev.rke2metrics.agent;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Puts the {@code bootstrap} package on the bootstrap class path, as OpenTelemetry's agent does, so
 * that advice inlined into classes of any loader (even one whose parent is the bootstrap loader) can
 * reach it. Only that tiny package goes there; ByteBuddy and the Prometheus client stay private.
 */
final class BootstrapJar {
  static final String PACKAGE_PATH = "dev/rke2metrics/agent/bootstrap/";

  private BootstrapJar() {}

  /**
   * Appends the bootstrap classes of the agent jar to the bootstrap search path. When the agent
   * runs from a directory (unit tests), the classes are already on the class path: nothing to do.
   *
   * @return the temporary jar, or null when running from a directory
   */
  static Path append(Instrumentation instrumentation) throws IOException {
    Path agentJar = agentJar();
    if (agentJar == null) {
      return null;
    }
    Path bootstrapJar = Files.createTempFile("rke2-metrics-bootstrap-", ".jar");
    bootstrapJar.toFile().deleteOnExit();
    try (JarFile source = new JarFile(agentJar.toFile());
         OutputStream file = Files.newOutputStream(bootstrapJar);
         JarOutputStream target = new JarOutputStream(file)) {
      Enumeration<JarEntry> entries = source.entries();
      while (entries.hasMoreElements()) {
        JarEntry entry = entries.nextElement();
        if (entry.getName().startsWith(PACKAGE_PATH) && entry.getName().endsWith(".class")) {
          target.putNextEntry(new JarEntry(entry.getName()));
          try (InputStream in = source.getInputStream(entry)) {
            in.transferTo(target);
          }
          target.closeEntry();
        }
      }
    }
    instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(bootstrapJar.toFile()));
    return bootstrapJar;
  }

  /**
   * The agent jar, or null when the agent runs from a directory. Asked of {@link JavaAgent}: the
   * system class loader loaded it, with a code source; {@link ToolingLoader} defines the rest without.
   */
  static Path agentJar() {
    try {
      File location = new File(JavaAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return location.isFile() ? location.toPath() : null;
    } catch (Exception e) {
      return null;
    }
  }
}
