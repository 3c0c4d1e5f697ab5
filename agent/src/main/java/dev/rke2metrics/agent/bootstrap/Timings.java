package dev.rke2metrics.agent.bootstrap;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * The only code inlined advice calls. It must stay JDK-only and tiny: it is loaded by the bootstrap
 * class loader so that classes of every loader (including {@code new URLClassLoader(urls, null)})
 * can see it.
 *
 * <p>Calls that finish before the metrics are ready (the registry starts off the main thread) are
 * queued and replayed once a {@link Sink} is installed, so no call is lost.
 */
public final class Timings {
  /** Bound on the start-up queue: beyond it, early calls are dropped rather than growing memory. */
  static final int MAX_PENDING = 100_000;

  private static volatile Sink sink;
  private static final ConcurrentLinkedQueue<long[]> PENDING = new ConcurrentLinkedQueue<>();
  /** The queue's length: {@code ConcurrentLinkedQueue.size()} walks the whole queue. */
  private static final AtomicInteger PENDING_COUNT = new AtomicInteger();

  private Timings() {}

  /** Installs the sink and replays what was recorded before it existed. */
  public static void install(Sink newSink) {
    sink = newSink;
    drain(newSink);
  }

  /** Called on method entry: returns the start time, or 0 for a nested call of the same metric. */
  public static long enter(int metric, int[] depths) {
    if (depths[metric]++ == 0) {
      return System.nanoTime();
    }
    return 0L;
  }

  /** Called on method exit, normal or by a throwable. */
  public static void exit(int metric, long start, int[] depths, Throwable thrown) {
    if (depths == null || --depths[metric] != 0) {
      return;
    }
    long end = System.nanoTime();
    OutOfLine.record(metric, end - start, end, thrown != null);
  }

  /**
   * Exit of a method declared to return a {@link CompletionStage}: the call is timed until the
   * stage completes. The caller keeps the very object the method returned.
   */
  public static void exitAsync(int metric, long start, int[] depths, Throwable thrown, Object returned) {
    if (depths == null || --depths[metric] != 0) {
      return;
    }
    if (thrown == null && returned instanceof CompletionStage) {
      ((CompletionStage<?>) returned).whenComplete(new Completion(metric, start));
    } else {
      long end = System.nanoTime();
      OutOfLine.record(metric, end - start, end, thrown != null);
    }
  }

  /**
   * Records one finished call, or queues it until a sink is installed. Public for the agent's
   * second copy of this class on the bootstrap path, which forwards here.
   */
  public static void record(int metric, long nanos, long endNanos, boolean error) {
    Sink current = sink;
    if (current != null) {
      current.record(metric, nanos, endNanos, error);
      return;
    }
    if (PENDING_COUNT.incrementAndGet() <= MAX_PENDING) {
      PENDING.add(new long[] {metric, nanos, endNanos, error ? 1 : 0});
    }
    // The sink may have been installed between the check and the add: whoever sees it drains.
    current = sink;
    if (current != null) {
      drain(current);
    }
  }

  private static void drain(Sink target) {
    long[] call;
    while ((call = PENDING.poll()) != null) {
      target.record((int) call[0], call[1], call[2], call[3] != 0);
    }
  }

  /**
   * Keeps the recording (the Prometheus client's {@code observe}, ~2 KB of machine code) out of the
   * compiled code of every woven method. HotSpot's C2 does not inline a method of a {@code Throwable}
   * subclass into code of any other class, which is all this class is a {@code Throwable} for; it is
   * never instantiated. Inlined, the recording pushed a woven method's compiled code over
   * {@code InlineSmallCode} (2,500 bytes), whenever it was compiled before the recording was. C2 then
   * stopped inlining the woven method into its callers, and a rethrown exception left through a real
   * frame: the agent's error path took 130 ns instead of 65 in some JVMs (PerCallBenchmark, 2 threads).
   */
  static final class OutOfLine extends Throwable {
    private static final long serialVersionUID = 1L;

    private OutOfLine() {}

    static void record(int metric, long nanos, long endNanos, boolean error) {
      Timings.record(metric, nanos, endNanos, error);
    }
  }

  /** Records a stage's completion; a named class rather than a lambda keeps bootstrap loading simple. */
  static final class Completion implements BiConsumer<Object, Throwable> {
    private final int metric;
    private final long start;

    Completion(int metric, long start) {
      this.metric = metric;
      this.start = start;
    }

    @Override
    public void accept(Object value, Throwable failure) {
      long end = System.nanoTime();
      record(metric, end - start, end, failure != null);
    }
  }
}
