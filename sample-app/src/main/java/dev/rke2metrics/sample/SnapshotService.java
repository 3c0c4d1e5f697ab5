package dev.rke2metrics.sample;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The long-running mode: reconcile at start and every interval, save on a cron schedule. Everything runs on one
 * thread, so two saves (or a save and a reconcile) never overlap; a save that overruns its next time skips it.
 */
public final class SnapshotService {
    /** What the service runs: the controller, or a stand-in in tests. */
    public interface Tasks {
        SnapshotRecord save() throws SnapshotException;

        List<SnapshotRecord> reconcile() throws SnapshotException;
    }

    private final Tasks tasks;
    private final CronSchedule schedule;
    private final Duration reconcileInterval;
    private final Consumer<String> out;
    private final Consumer<String> err;
    private final Clock clock;
    private final ScheduledThreadPoolExecutor executor;
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** The planned time of the last save, so a timer firing a hair early cannot run the same slot twice. */
    private ZonedDateTime lastPlanned;

    public SnapshotService(Tasks tasks, CronSchedule schedule, Duration reconcileInterval, Consumer<String> out,
                           Consumer<String> err, Clock clock) {
        this.tasks = tasks;
        this.schedule = schedule;
        this.reconcileInterval = reconcileInterval;
        this.out = out;
        this.err = err;
        this.clock = clock;
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "snapshot-service");
            t.setDaemon(true);
            return t;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    }

    public void start() {
        executor.scheduleWithFixedDelay(this::reconcile, 0, reconcileInterval.toMillis(), TimeUnit.MILLISECONDS);
        scheduleSave();
    }

    private synchronized void scheduleSave() {
        if (executor.isShutdown()) {
            return;
        }
        ZonedDateTime now = ZonedDateTime.now(clock);
        ZonedDateTime after = lastPlanned != null && lastPlanned.isAfter(now) ? lastPlanned : now;
        ZonedDateTime next = schedule.next(after);
        lastPlanned = next;
        long delay = Math.max(0, Duration.between(now, next).toMillis());
        try {
            executor.schedule(this::save, delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // stop() won the race: nothing more to schedule
        }
    }

    private void save() {
        try {
            SnapshotRecord saved = tasks.save();
            out.accept("saved " + saved.name());
        } catch (SnapshotException | RuntimeException e) {
            out.accept("save failed: " + Failures.describe(e));
        } finally {
            scheduleSave();
        }
    }

    private void reconcile() {
        try {
            tasks.reconcile();
        } catch (SnapshotException | RuntimeException e) {
            err.accept("reconcile failed: " + Failures.describe(e));
        }
    }

    /** Stops scheduling and waits for a save in progress to finish; idempotent. */
    public void stop(Duration wait) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                err.accept("a save still runs after " + GoDuration.format(wait) + ": stopping anyway");
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopped.countDown();
        }
    }

    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    public boolean isStopped() {
        return stopped.getCount() == 0;
    }
}
