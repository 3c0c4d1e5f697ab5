package dev.rke2metrics.agent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads ByteBuddy and the weaver straight from the agent jar, child-first, when the first class
 * matches, as OpenTelemetry's agent loads its tooling. Through the system class loader every one
 * of those ~550 classes would first be looked for in each entry of the program's class path (the
 * agent jar comes last) and read through growing buffers; this loader reads each entry once, at
 * its known size. Everything else (the JDK, the agent's own classes) comes from the parent.
 */
final class ToolingLoader extends ClassLoader {
  static {
    registerAsParallelCapable();
  }

  private static final String WEAVER = "dev.rke2metrics.agent.AdviceWeaver";
  /** Relocated with ByteBuddy when the agent jar is shaded, like the classes it names. */
  private static final String BYTEBUDDY = "net.bytebuddy.";
  private static final String[] OWN_CLASSES = {WEAVER, "dev.rke2metrics.agent.SyncAdvice",
      "dev.rke2metrics.agent.AsyncAdvice", "dev.rke2metrics.agent.MetricIndex"};

  private final JarFile jar;
  /**
   * One read buffer per loading thread (defineClass copies the bytes), not one per class: less
   * garbage, less resident memory. Not one shared buffer under a lock: defineClass calls back into
   * loadClass for the superclass, so holding a lock across it could deadlock two weaving threads.
   */
  private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[64 * 1024]);

  private ToolingLoader(JarFile jar, ClassLoader parent) {
    super("rke2-metrics-tooling", parent);
    this.jar = jar;
  }

  /**
   * A new weaver: from its own loader when the agent runs from its jar, else (unit tests, where
   * the classes lie in directories) from the agent's loader.
   */
  static Weaver newWeaver() throws IOException, ReflectiveOperationException {
    ClassLoader agentLoader = ToolingLoader.class.getClassLoader();
    Path agentJar = BootstrapJar.agentJar();
    ClassLoader loader = agentJar == null ? agentLoader
        : new ToolingLoader(new JarFile(agentJar.toFile(), false), agentLoader);
    return (Weaver) Class.forName(WEAVER, true, loader).getConstructor().newInstance();
  }

  private static boolean isTooling(String name) {
    if (name.startsWith(BYTEBUDDY)) {
      return true;
    }
    for (String own : OWN_CLASSES) {
      if (name.startsWith(own) && (name.length() == own.length() || name.charAt(own.length()) == '$')) {
        return true;
      }
    }
    return false;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (!isTooling(name)) {
      return super.loadClass(name, resolve);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> type = findLoadedClass(name);
      if (type == null) {
        type = define(name);
      }
      if (resolve) {
        resolveClass(type);
      }
      return type;
    }
  }

  private Class<?> define(String name) throws ClassNotFoundException {
    JarEntry entry = jar.getJarEntry(name.replace('.', '/') + ".class");
    if (entry == null || entry.getSize() < 0 || entry.getSize() > Integer.MAX_VALUE) {
      throw new ClassNotFoundException(name);
    }
    int size = (int) entry.getSize();
    byte[] buffer = BUFFER.get();
    if (buffer.length < size) {
      buffer = new byte[size];
      BUFFER.set(buffer);
    }
    try (InputStream in = jar.getInputStream(entry)) {
      if (in.readNBytes(buffer, 0, size) != size) {
        throw new ClassNotFoundException(name + ": truncated in " + jar.getName());
      }
    } catch (IOException e) {
      throw new ClassNotFoundException(name, e);
    }
    // No protection domain: the JDK would format its code source URL for every class, and
    // nothing here asks where ByteBuddy's classes came from.
    return defineClass(name, buffer, 0, size);
  }
}
