package dev.rke2metrics.agent;

/** The agent's only output: single lines on stderr, each starting with the agent's name. */
final class AgentLog {
  static final String NAME = "rke2-metrics";

  private AgentLog() {}

  static void line(String text) {
    System.err.println(NAME + ": " + text);
  }
}
