package dev.rke2metrics.agent;

import java.util.List;
import java.util.function.Consumer;

/**
 * Weaves the timing advice into a class file. Implemented with ByteBuddy by {@link AdviceWeaver},
 * which {@link ToolingLoader} loads apart from the agent; this interface, with JDK and agent types
 * only, is how the transformer reaches it.
 */
public interface Weaver {
  /**
   * Returns the woven class file, or null when no method matched.
   *
   * @param onMatch told of the mapping of every method that will be timed
   */
  byte[] weave(ClassLoader loader, String internalName, byte[] bytes, List<Mapping> candidates,
      Consumer<Mapping> onMatch);
}
