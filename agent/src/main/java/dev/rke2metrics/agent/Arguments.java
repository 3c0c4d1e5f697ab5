package dev.rke2metrics.agent;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;

/** The agent's argument: {@code -javaagent:rke2-metrics.jar=/path/agent.properties}. */
public final class Arguments {
  private final Path configFile;

  private Arguments(Path configFile) {
    this.configFile = configFile;
  }

  /**
   * @throws IllegalArgumentException naming what is wrong with the argument
   */
  public static Arguments parse(String agentArgument) {
    if (agentArgument == null || agentArgument.isBlank()) {
      throw new IllegalArgumentException(
          "no properties file given: use -javaagent:/path/rke2-metrics.jar=/path/agent.properties");
    }
    try {
      return new Arguments(Paths.get(agentArgument.trim()).toAbsolutePath());
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("'" + agentArgument + "' is not a file path: " + e.getReason());
    }
  }

  public Path configFile() {
    return configFile;
  }
}
