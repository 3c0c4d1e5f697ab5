package dev.rke2metrics.targets;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A program for the separate-JVM tests: loads {@link SnapshotJob} through the class loader the
 * first argument names ({@code system}, {@code isolated}, {@code nested:/path/outer.jar}) and runs
 * the commands it reads on stdin, one line each, answering {@code ok CMD} or {@code error CMD: ...}.
 */
public final class SnapshotApp {
  private SnapshotApp() {}

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "system";
    Object job = jobClass(mode).getConstructor().newInstance();
    Method save = job.getClass().getMethod("save", boolean.class, boolean.class);
    Method reconcile = job.getClass().getMethod("reconcile", boolean.class);
    System.out.println("ready pid=" + ProcessHandle.current().pid() + " loader=" + job.getClass().getClassLoader());
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String command;
    while ((command = in.readLine()) != null) {
      try {
        switch (command.trim()) {
          case "reconcile": reconcile.invoke(job, false); break;
          case "reconcile-s3": reconcile.invoke(job, true); break;
          case "save": save.invoke(job, true, false); break;
          case "save-failing-s3": save.invoke(job, true, true); break;
          default: throw new IllegalArgumentException("unknown command");
        }
        System.out.println("ok " + command);
      } catch (InvocationTargetException e) {
        System.out.println("error " + command + ": " + e.getCause());
      } catch (IllegalArgumentException e) {
        System.out.println("error " + command + ": " + e.getMessage());
      }
    }
    System.out.println("bye");
  }

  private static Class<?> jobClass(String mode) throws Exception {
    String name = SnapshotJob.class.getName();
    if (mode.equals("system")) {
      return Class.forName(name);
    }
    if (mode.equals("isolated")) {
      URL classes = SnapshotJob.class.getProtectionDomain().getCodeSource().getLocation();
      return new URLClassLoader(new URL[] {classes}, null).loadClass(name);
    }
    if (mode.startsWith("nested:")) {
      Path outer = Path.of(mode.substring("nested:".length()));
      return new NestedJarClassLoader(outer, "BOOT-INF/lib/job.jar", SnapshotApp.class.getClassLoader()).loadClass(name);
    }
    throw new IllegalArgumentException("unknown class loader mode '" + mode + "'");
  }
}
