package dev.rke2metrics.targets;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Plain classes for the agent to time, outside the agent's own package (which it never weaves);
 * each test maps its own so retransformations do not mix.
 */
public final class Targets {
  private Targets() {}

  public static class Store {
    public String save(String name) {
      return name + ".db";
    }

    public String save(String name, int copies) {
      return name + "x" + copies;
    }
  }

  public interface Uploader {
    String upload(String name) throws IOException;
  }

  public static class S3Uploader implements Uploader {
    @Override
    public String upload(String name) {
      return "s3://bucket/" + name;
    }
  }

  /** An anonymous implementation, as code in the wild often has. */
  public static Uploader failingUploader() {
    return new Uploader() {
      @Override
      public String upload(String name) throws IOException {
        throw new IOException("bucket gone");
      }
    };
  }

  public abstract static class Lister {
    public abstract List<String> list();
  }

  public static class LocalLister extends Lister {
    @Override
    public List<String> list() {
      return new ArrayList<>(List.of("a", "b"));
    }
  }

  public static final class Statics {
    private Statics() {}

    public static int reconcile(int snapshots) {
      return snapshots * 2;
    }
  }

  public static class Outcomes {
    public Object identity(Object value) {
      return value;
    }

    public void fail(Throwable failure) throws Throwable {
      throw failure;
    }

    public long work(long millis) throws InterruptedException {
      Thread.sleep(millis); // the workload being timed, not a wait in the test
      return millis;
    }
  }

  public static class Counted {
    public int call(int i) {
      return i + 1;
    }
  }
}
