package dev.rke2metrics.agent;

import java.lang.instrument.Instrumentation;

/**
 * Entry points: {@code premain} for {@code -javaagent:rke2-metrics.jar=agent.properties} and
 * {@code agentmain} for {@code java -jar rke2-metrics.jar attach PID agent.properties}.
 */
public final class JavaAgent {
  /** The running agent (of another class loader, hence Object), or null. */
  private static Object running;

  private JavaAgent() {}

  public static void premain(String agentArgument, Instrumentation instrumentation) {
    try {
      start(agentArgument, instrumentation);
    } catch (StartupFailure failure) {
      AgentLog.line(failure.getMessage());
      AgentLog.line("strict=true: stopping before main");
      System.exit(1);
    }
  }

  /** Throwing here fails the attach, which the attaching command reports. */
  public static void agentmain(String agentArgument, Instrumentation instrumentation) throws StartupFailure {
    start(agentArgument, instrumentation);
  }

  private static synchronized void start(String agentArgument, Instrumentation instrumentation)
      throws StartupFailure {
    if (running != null) {
      AgentLog.line("already running in this JVM; ignoring the second start with '" + agentArgument + "'");
      return;
    }
    Arguments arguments;
    try {
      arguments = Arguments.parse(agentArgument);
    } catch (IllegalArgumentException e) {
      AgentLog.line(e.getMessage() + "; the agent is off");
      return;
    }
    try {
      running = ToolingLoader.startAgent(arguments.configFile(), instrumentation);
    } catch (StartupFailure failure) {
      throw failure;
    } catch (Throwable unexpected) {
      // Whatever goes wrong inside the agent, the program runs on.
      AgentLog.line("internal error, the agent is off: " + unexpected);
    }
  }
}
