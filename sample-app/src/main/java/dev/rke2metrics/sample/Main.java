package dev.rke2metrics.sample;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;

/** The {@code sample-app} command line. Exit codes: 0 success, 1 failure, 2 bad usage. */
@Command(name = "sample-app", mixinStandardHelpOptions = true, version = "sample-app 0.1.0",
    description = "etcd snapshots like 'rke2 etcd-snapshot', for a plain etcd cluster: save, list, prune, delete, "
        + "reconcile records in etcd, and a long-running scheduler (serve).",
    subcommands = {SaveCommand.class, ListCommand.class, PruneCommand.class, DeleteCommand.class,
        ReconcileCommand.class, ServeCommand.class, ShellCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    /** gRPC logs through java.util.logging (INFO on stderr by default); held here so the setting sticks. */
    private static final Logger GRPC_LOG = Logger.getLogger("io.grpc");

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    /** Runs one command line; the exit code. Errors are one line on {@code err}: "sample-app: error: ...". */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        quietLogging();
        PrintWriter o = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter e = new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        CommandLine cl = commandLine(o, e, (command, message) -> e.println("sample-app: error: " + message));
        ((ShellCommand) cl.getSubcommands().get("shell").getCommand()).in = in;
        try {
            return cl.execute(args);
        } finally {
            o.flush();
            e.flush();
        }
    }

    /** Runs one shell line with the shell's shared flags as defaults; null on success, else the error message. */
    static String runLine(List<String> words, Map<String, String> shared, PrintWriter out, PrintWriter err) {
        AtomicReference<String> failure = new AtomicReference<>();
        CommandLine cl = commandLine(out, err, (command, message) -> failure.set(message));
        cl.setDefaultValueProvider(arg -> arg instanceof OptionSpec ? shared.get(((OptionSpec) arg).longestName()) : null);
        int code = cl.execute(words.toArray(new String[0]));
        out.flush();
        return code == 0 ? null : failure.get() != null ? failure.get() : "exit code " + code;
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err, BiConsumer<String, String> onError) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            onError.accept(commandLine.getCommandName(), Failures.describe(ex));
            return FAILED;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            String help = c == null || c.getCommandSpec().parent() == null ? "sample-app --help"
                : "sample-app " + c.getCommandName() + " --help";
            onError.accept(c == null ? "sample-app" : c.getCommandName(),
                ex.getMessage().replaceAll("\\s*[\\r\\n]+\\s*", " ").trim() + " (see '" + help + "')");
            return USAGE;
        });
        return cl;
    }

    static void quietLogging() {
        GRPC_LOG.setLevel(Level.WARNING);
    }
}
