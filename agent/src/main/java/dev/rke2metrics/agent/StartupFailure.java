package dev.rke2metrics.agent;

/** A problem that stops the agent from starting when {@code strict=true}. */
public final class StartupFailure extends Exception {
  private static final long serialVersionUID = 1L;

  StartupFailure(String message) {
    super(message);
  }
}
