package dev.rke2metrics.agent;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * {@code java -jar rke2-metrics.jar attach PID agent.properties | check agent.properties [classpath]}.
 * Exit codes: 0 done, 1 failed (bad configuration, attach refused, mapping matched nothing), 2 usage.
 */
public final class Main {
  static final String USAGE = String.join(System.lineSeparator(),
      "usage: java -jar rke2-metrics.jar attach PID /path/agent.properties",
      "       java -jar rke2-metrics.jar check /path/agent.properties [classpath]",
      "       java -jar rke2-metrics.jar --version",
      "As an agent: java -javaagent:/path/rke2-metrics.jar=/path/agent.properties -jar app.jar");

  private final PrintStream out;
  private final PrintStream err;

  Main(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(new Main(System.out, System.err).run(args));
  }

  int run(String[] args) {
    if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
      (args.length == 0 ? err : out).println(USAGE);
      return args.length == 0 ? 2 : 0;
    }
    try {
      switch (args[0]) {
        case "--version":
          out.println(AgentLog.NAME + " " + version());
          return 0;
        case "attach":
          return args.length == 3 ? attach(args[1], Path.of(args[2])) : usage("attach takes PID and a properties file");
        case "check":
          if (args.length != 2 && args.length != 3) {
            return usage("check takes a properties file and, optionally, a class path");
          }
          return new ConfigCheck(out).run(AgentConfig.load(Path.of(args[1])), args.length == 3 ? args[2] : null) ? 0 : 1;
        default:
          return usage("unknown command '" + args[0] + "'");
      }
    } catch (IllegalArgumentException e) {
      err.println(AgentLog.NAME + ": " + e.getMessage());
      return 1;
    } catch (Exception e) {
      err.println(AgentLog.NAME + ": " + e);
      return 1;
    }
  }

  private int usage(String problem) {
    err.println(AgentLog.NAME + ": " + problem);
    err.println(USAGE);
    return 2;
  }

  private int attach(String pidText, Path configFile) {
    long pid;
    try {
      pid = Long.parseLong(pidText);
    } catch (NumberFormatException e) {
      err.println(AgentLog.NAME + ": '" + pidText + "' is not a process ID");
      return 1;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    if (process.isEmpty() || !process.get().isAlive()) {
      err.println(AgentLog.NAME + ": no running process has PID " + pid);
      return 1;
    }
    AgentConfig config = AgentConfig.load(configFile);
    if (!config.problems().isEmpty()) {
      for (String problem : config.problems()) {
        err.println(AgentLog.NAME + ": " + problem);
      }
      err.println(AgentLog.NAME + ": not attaching to " + pid + " until " + config.source() + " is fixed");
      return 1;
    }
    Path agentJar = BootstrapJar.agentJar();
    if (agentJar == null) {
      err.println(AgentLog.NAME + ": attach works from rke2-metrics.jar only");
      return 1;
    }
    try {
      ByteBuddyAgent.attach(agentJar.toFile(), String.valueOf(pid), config.source());
    } catch (RuntimeException e) {
      err.println(AgentLog.NAME + ": cannot attach to PID " + pid + ": " + rootMessage(e));
      return 1;
    }
    out.println(AgentLog.NAME + ": attached to PID " + pid + " with " + config.source() + " ("
        + config.mappings().size() + " mappings; metrics on " + config.host() + " port " + config.port()
        + "; the target's stderr shows the URL)");
    return 0;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + ": " + root;
  }

  static String version() {
    String version = Main.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

}
