package dev.rke2metrics.sample.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** Ports {@code [low, high]} handed out in turn from a random start, each once before any repeats. */
final class PortRange {
    private static final Path EPHEMERAL = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    /** Below this sit well-known and registered services' ports a machine may be running. */
    private static final int LOWEST = 10000;

    private final int low;
    private final int high;
    private final AtomicInteger next;

    PortRange(int low, int high) {
        if (low > high) {
            throw new IllegalArgumentException("empty port range " + low + "-" + high);
        }
        this.low = low;
        this.high = high;
        this.next = new AtomicInteger(ThreadLocalRandom.current().nextInt(size()));
    }

    /** The ports between {@value #LOWEST} and the ephemeral range, or above it if that leaves too few. */
    static PortRange belowEphemeral() {
        int[] ephemeral = ephemeralRange();
        if (ephemeral[0] - LOWEST >= 1000) {
            return new PortRange(LOWEST, ephemeral[0] - 1);
        }
        if (65535 - ephemeral[1] >= 1000) {
            return new PortRange(ephemeral[1] + 1, 65535);
        }
        return new PortRange(LOWEST, 65535); // nearly everything is ephemeral: nowhere safer to go
    }

    private static int[] ephemeralRange() {
        try { // readAllLines, not readString: /proc files may report a size that is not their length
            String[] fields = Files.readAllLines(EPHEMERAL).get(0).trim().split("\\s+");
            return new int[] {Integer.parseInt(fields[0]), Integer.parseInt(fields[1])};
        } catch (IOException | RuntimeException e) {
            return new int[] {32768, 60999}; // Linux's default
        }
    }

    int size() {
        return high - low + 1;
    }

    int next() {
        return low + Math.floorMod(next.getAndIncrement(), size());
    }

    @Override
    public String toString() {
        return low + "-" + high;
    }
}
