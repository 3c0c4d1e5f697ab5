package dev.rke2metrics.targets;

/**
 * A program that ends at once, while the agent may still be starting its metrics: with argument
 * {@code save} it first runs one snapshot save of {@link SnapshotJob}, otherwise nothing mapped.
 */
public final class ShortProgram {
  private ShortProgram() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("save")) {
      new SnapshotJob().save(false, false);
    }
    System.out.println("bye");
  }
}
