package dev.rke2metrics.agent;

/**
 * A problem that stops the agent from starting when {@code strict=true}. Shared by {@link JavaAgent},
 * which catches it, and the agent in its own class loader ({@link ToolingLoader}), which throws it:
 * hence public, across the two loaders' runtime packages.
 */
public final class StartupFailure extends Exception {
  private static final long serialVersionUID = 1L;

  public StartupFailure(String message) {
    super(message);
  }
}
