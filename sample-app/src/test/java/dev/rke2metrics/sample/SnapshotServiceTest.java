package dev.rke2metrics.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rke2metrics.sample.testing.Processes;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The serve loop with stand-in tasks: schedule, no overlap, failures reported, stop waits for a save. */
class SnapshotServiceTest {
    /** Tasks that record how many run at once; saves take {@code saveTime} unless released earlier. */
    static final class Tasks implements SnapshotService.Tasks {
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger maxRunning = new AtomicInteger();
        final AtomicInteger saves = new AtomicInteger();
        final AtomicInteger reconciles = new AtomicInteger();
        final List<String> order = new CopyOnWriteArrayList<>();
        volatile long saveMillis = 0;
        volatile boolean failNext;
        volatile CountDownLatch blockNext;
        final CountDownLatch blockedStarted = new CountDownLatch(1);

        private void enter(String what) {
            order.add(what);
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
        }

        @Override
        public SnapshotRecord save() throws SnapshotException {
            enter("save");
            try {
                CountDownLatch block = blockNext;
                if (block != null) {
                    blockNext = null;
                    blockedStarted.countDown();
                    block.await(20, TimeUnit.SECONDS);
                } else if (saveMillis > 0) {
                    new CountDownLatch(1).await(saveMillis, TimeUnit.MILLISECONDS); // a save that takes this long
                }
                if (failNext) {
                    failNext = false;
                    throw new SnapshotException("etcd is on fire");
                }
                int n = saves.incrementAndGet();
                return SnapshotRecord.ready(new SnapshotName("s-n", n, false), "local", "n", "file:///s-n-" + n, 1);
            } catch (InterruptedException e) {
                throw new SnapshotException("interrupted", e);
            } finally {
                running.decrementAndGet();
            }
        }

        @Override
        public List<SnapshotRecord> reconcile() {
            enter("reconcile");
            reconciles.incrementAndGet();
            running.decrementAndGet();
            return List.of();
        }
    }

    private final List<String> out = new CopyOnWriteArrayList<>();
    private final List<String> err = new CopyOnWriteArrayList<>();

    private SnapshotService service(Tasks tasks, String cron, Duration reconcile) {
        return new SnapshotService(tasks, CronSchedule.parse(cron), reconcile, out::add, err::add, Clock.systemUTC());
    }

    @Test
    void reconcilesFirstThenSavesOnScheduleOneAtATimeAndReportsFailures() {
        Tasks tasks = new Tasks();
        tasks.saveMillis = 1300; // longer than the schedule's period: the next slot must wait, not overlap
        tasks.failNext = true;
        SnapshotService s = service(tasks, "* * * * * *", Duration.ofMillis(100));
        s.start();
        try {
            Processes.await("two successful saves", Duration.ofSeconds(15), () -> tasks.saves.get() >= 2);
        } finally {
            s.stop(Duration.ofSeconds(10));
        }
        assertEquals("reconcile", tasks.order.get(0));
        assertEquals(1, tasks.maxRunning.get(), "a save never overlaps another save or a reconcile");
        assertTrue(tasks.reconciles.get() >= 2, "periodic reconcile: " + tasks.order);
        assertEquals("save failed: etcd is on fire", out.get(0));
        assertEquals(List.of("saved s-n-1", "saved s-n-2"), out.subList(1, 3));
        assertEquals(List.of(), err);
    }

    @Test
    void stopWaitsForTheSaveInProgressThenSchedulesNothingMore() throws InterruptedException {
        Tasks tasks = new Tasks();
        CountDownLatch release = new CountDownLatch(1);
        tasks.blockNext = release;
        SnapshotService s = service(tasks, "* * * * * *", Duration.ofHours(1));
        s.start();
        assertTrue(tasks.blockedStarted.await(10, TimeUnit.SECONDS), "a save started");

        CountDownLatch stopped = new CountDownLatch(1);
        Thread stopper = new Thread(() -> {
            s.stop(Duration.ofSeconds(20));
            stopped.countDown();
        });
        stopper.start();
        assertFalse(stopped.await(300, TimeUnit.MILLISECONDS), "stop must wait for the save in progress");
        release.countDown();
        assertTrue(stopped.await(10, TimeUnit.SECONDS));
        assertTrue(s.isStopped());
        assertEquals(List.of("saved s-n-1"), out, "the save in progress completed");
        int saves = tasks.order.size();
        // A second after stop, nothing else ran (the per-second schedule would have fired).
        assertFalse(new CountDownLatch(1).await(1200, TimeUnit.MILLISECONDS));
        assertEquals(saves, tasks.order.size());
    }
}
