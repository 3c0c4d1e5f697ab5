package dev.rke2metrics.sample;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Run until SIGTERM: reconcile at start and every --reconcile-interval, save on --schedule "
        + "(never two saves at once). Prints 'saved <name>' or 'save failed: <message>' per scheduled save.",
        "On SIGTERM it stops scheduling, waits for a save in progress, and exits."})
final class ServeCommand extends SnapshotCommand {
    @Option(names = "--compress", description = "Zip-compress the snapshots.")
    boolean compress;

    @Option(names = "--retention", paramLabel = "N", defaultValue = "5",
        description = "Keep the newest N snapshots of this node, locally and in S3 separately (default: ${DEFAULT-VALUE}).")
    int retention;

    @Option(names = "--schedule", paramLabel = "CRON", defaultValue = "0 */12 * * *", converter = CronSchedule.Converter.class,
        description = "When to save: 5 fields are Unix cron (minute hour day month weekday), 6 fields add seconds "
            + "first (Spring cron, e.g. '*/10 * * * * *'), in the local time zone (default: ${DEFAULT-VALUE}).")
    CronSchedule schedule;

    @Option(names = "--reconcile-interval", paramLabel = "DURATION", defaultValue = "10m", converter = GoDuration.class,
        description = "How often to reconcile besides after each save (default: ${DEFAULT-VALUE}).")
    Duration reconcileInterval;

    @Option(names = "--stop-timeout", paramLabel = "DURATION", defaultValue = "10m", converter = GoDuration.class,
        description = "On SIGTERM, how long to wait for a save in progress (default: ${DEFAULT-VALUE}).")
    Duration stopTimeout;

    @Override
    public Integer call() throws SnapshotException, InterruptedException {
        if (reconcileInterval.isZero() || reconcileInterval.isNegative()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--reconcile-interval must be positive");
        }
        PrintWriter out = out();
        // One line per scheduled save (below), not the step-by-step lines of the save command.
        SnapshotController controller = open(compress, retention, line -> { });
        SnapshotService service = new SnapshotService(controller, schedule, reconcileInterval,
            out::println, spec.commandLine().getErr()::println, Clock.systemDefaultZone());
        Runnable stop = () -> {
            service.stop(stopTimeout);
            controller.close();
            out.println("stopped");
            out.flush();
        };
        ExitHooks.onExit(stop);
        out.println("serving: saves at '" + schedule + "' (" + schedule.describe() + "), reconcile every "
            + GoDuration.format(reconcileInterval));
        service.start();
        service.awaitStopped();
        ExitHooks.remove(stop);
        return 0;
    }
}
