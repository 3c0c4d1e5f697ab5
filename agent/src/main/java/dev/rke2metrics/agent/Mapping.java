package dev.rke2metrics.agent;

/** One method spec mapped onto one of the six histograms. */
public final class Mapping {
  private final Operation operation;
  private final MethodSpec spec;

  public Mapping(Operation operation, MethodSpec spec) {
    this.operation = operation;
    this.spec = spec;
  }

  public Operation operation() {
    return operation;
  }

  public MethodSpec spec() {
    return spec;
  }

  @Override
  public String toString() {
    return operation.key() + "=" + spec;
  }
}
