package dev.rke2metrics.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * Runs many commands in one process (one JVM, so one agent sees them all): one command per stdin line, then one
 * line {@code ok <command>} or {@code error <command>: <message>}. Flags given to {@code shell} itself apply to
 * every line, unless the line gives them too. It extends {@link SnapshotCommand} for its flags only: they are
 * handed to each line's command by name, so the shell must take exactly the flags those commands share.
 */
@Command(name = "shell", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Read commands from stdin, one per line, with the same syntax and flags as the command line "
        + "(e.g. 'save --compress'); after each print 'ok <command>' or 'error <command>: <message>'. Blank lines "
        + "and lines starting with # are skipped; quotes group words. Exits 0 at end of input.",
        "Flags given here apply to every line that does not give them itself; serve and shell cannot run inside."})
final class ShellCommand extends SnapshotCommand {
    @Option(names = "--compress", description = "Default --compress for save lines.")
    boolean compress;

    @Option(names = "--retention", paramLabel = "N", description = "Default --retention for save and prune lines.")
    Integer retention;

    InputStream in = System.in;

    @Override
    public Integer call() throws IOException {
        Map<String, String> shared = sharedFlags();
        PrintWriter out = out();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            List<String> words;
            try {
                words = ShellWords.split(trimmed);
            } catch (IllegalArgumentException e) {
                out.println("error " + trimmed.split("\\s+")[0] + ": " + e.getMessage());
                out.flush();
                continue;
            }
            String command = words.get(0);
            if (command.equals("shell") || command.equals("serve")) {
                out.println("error " + command + ": not available in shell mode");
            } else {
                String failure = Main.runLine(words, shared, out, spec.commandLine().getErr());
                out.println(failure == null ? "ok " + command : "error " + command + ": " + failure);
            }
            out.flush();
        }
        return 0;
    }

    /** The flags given on the shell's own command line, as their longest name to the text given. */
    private Map<String, String> sharedFlags() {
        Map<String, String> shared = new LinkedHashMap<>();
        for (OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
            if (o.usageHelp() || o.versionHelp()) {
                continue;
            }
            List<String> given = o.originalStringValues();
            shared.put(o.longestName(), given.isEmpty() ? "true" : given.get(given.size() - 1));
        }
        return shared;
    }
}
