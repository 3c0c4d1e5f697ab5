package dev.rke2metrics.agent;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads the agent (its classes, the Prometheus client and ByteBuddy) straight from the agent jar,
 * child-first, as OpenTelemetry's agent loads its own. Through the system class loader every one of
 * those ~800 classes would first be looked for in each entry of the program's class path (the agent
 * jar comes last) and read through growing buffers; this loader reads each entry once, at its known
 * size, into one reused buffer. Only the classes both sides must share come from the parent: the
 * bootstrap package (which woven code calls), {@link JavaAgent}, this class and
 * {@link StartupFailure}; and the JDK.
 */
final class ToolingLoader extends ClassLoader {
  static {
    registerAsParallelCapable();
  }

  /** Agent's public entry point, called reflectively across the loaders with JDK types only. */
  private static final String AGENT = "dev.rke2metrics.agent.Agent";
  private static final String AGENT_PACKAGE = "dev.rke2metrics.agent.";
  /** Where shading relocates ByteBuddy and the Prometheus client. */
  private static final String SHADED = "dev.rke2metrics.shaded.";
  private static final String BOOTSTRAP = "dev.rke2metrics.agent.bootstrap.";
  private static final String[] SHARED_CLASSES = {JavaAgent.class.getName(), ToolingLoader.class.getName(),
      StartupFailure.class.getName()};

  private final JarFile jar;
  /**
   * One read buffer per loading thread (defineClass copies the bytes), not one per class: less
   * garbage, less resident memory. Not one shared buffer under a lock: defineClass calls back into
   * loadClass for the superclass, so holding a lock across it could deadlock two loading threads.
   */
  private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[64 * 1024]);

  private ToolingLoader(JarFile jar, ClassLoader parent) {
    super("rke2-metrics", parent);
    this.jar = jar;
  }

  /**
   * Starts the agent in its own loader when it runs from its jar, else (unit tests, where the
   * classes lie in directories) in this class's loader.
   *
   * @return the running agent, or null when it is off (it said why)
   * @throws StartupFailure when {@code strict=true} and something is wrong
   */
  static Object startAgent(Path configFile, Instrumentation instrumentation) throws Exception {
    ClassLoader parent = ToolingLoader.class.getClassLoader();
    Path agentJar = BootstrapJar.agentJar();
    ClassLoader loader = agentJar == null ? parent : new ToolingLoader(new JarFile(agentJar.toFile(), false), parent);
    try {
      return Class.forName(AGENT, true, loader).getMethod("start", Path.class, Instrumentation.class)
          .invoke(null, configFile, instrumentation);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception) {
        throw (Exception) cause;
      }
      throw (Error) cause;
    }
  }

  private static boolean childFirst(String name) {
    if (!(name.startsWith(AGENT_PACKAGE) || name.startsWith(SHADED)) || name.startsWith(BOOTSTRAP)) {
      return false;
    }
    for (String shared : SHARED_CLASSES) {
      if (name.startsWith(shared) && (name.length() == shared.length() || name.charAt(shared.length()) == '$')) {
        return false;
      }
    }
    return true;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (!childFirst(name)) {
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
    // nothing in the agent asks where its classes came from (BootstrapJar asks JavaAgent).
    return defineClass(name, buffer, 0, size);
  }
}
