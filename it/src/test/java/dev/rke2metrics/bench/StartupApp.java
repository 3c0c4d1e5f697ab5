package dev.rke2metrics.bench;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * The program the start-up benchmark launches: optionally loads N generated classes, then calls
 * the six snapshot steps once (unless told {@code unmapped}, so the mapped class never loads).
 */
public final class StartupApp {
  private StartupApp() {}

  /** The six steps the agents are told to time. */
  public static final class Steps {
    public long save(long x) {
      return writeLocal(x) + upload(x) + reconcile(x);
    }

    public long writeLocal(long x) {
      return x + 1;
    }

    public long upload(long x) {
      return x + 2;
    }

    public long reconcile(long x) {
      return listLocal(x) + listS3(x);
    }

    public long listLocal(long x) {
      return x + 3;
    }

    public long listS3(long x) {
      return x + 4;
    }
  }

  public static void main(String[] args) throws Exception {
    boolean mapped = args.length == 0 || !args[0].equals("unmapped");
    if (args.length >= 3) {
      loadGenerated(Path.of(args[1]), Integer.parseInt(args[2]));
    }
    long result = mapped ? new Steps().save(1) : 0;
    System.out.println("done " + result);
  }

  private static void loadGenerated(Path dir, int count) throws Exception {
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, StartupApp.class.getClassLoader())) {
      for (int i = 0; i < count; i++) {
        Class.forName("gen.C" + i, true, loader);
      }
    }
  }
}
