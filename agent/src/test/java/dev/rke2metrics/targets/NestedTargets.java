package dev.rke2metrics.targets;

import java.io.IOException;

/** Mapped methods that call each other: recursion, super calls, delegation, different metrics. */
public final class NestedTargets {
  private NestedTargets() {}

  public static class Base {
    public int save(int depth) throws IOException {
      if (depth < 0) {
        throw new IOException("bottom");
      }
      return depth == 0 ? 0 : 1 + save(depth - 1);
    }
  }

  public static class Derived extends Base {
    @Override
    public int save(int depth) throws IOException {
      return 10 + super.save(depth);
    }
  }

  public interface Saver {
    String save();
  }

  public static class Direct implements Saver {
    @Override
    public String save() {
      return "direct";
    }
  }

  public static class Delegating implements Saver {
    private final Saver inner = new Direct();

    @Override
    public String save() {
      return "via " + inner.save();
    }
  }

  public static class Snapshotter {
    public void save() throws IOException {
      writeLocal();
      upload();
    }

    public void writeLocal() {}

    public void upload() throws IOException {}
  }
}
