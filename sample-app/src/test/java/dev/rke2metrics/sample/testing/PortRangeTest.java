package dev.rke2metrics.sample.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortRangeTest {
    @Test
    void freePortsAreDistinctBindableAndNeverEphemeral() throws IOException {
        String[] ephemeral = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim().split("\\s+");
        int low = Integer.parseInt(ephemeral[0]);
        int high = Integer.parseInt(ephemeral[1]);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            int port = Processes.freePort();
            assertFalse(port >= low && port <= high, port + " is in the ephemeral range " + low + "-" + high);
            assertTrue(seen.add(port), port + " handed out twice");
            try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                assertEquals(port, s.getLocalPort());
            }
        }
    }

    @Test
    void wrapsAroundAndVisitsEveryPortOnceBeforeRepeating() {
        PortRange range = new PortRange(20000, 20009);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < range.size(); i++) {
            seen.add(range.next());
        }
        assertEquals(10, seen.size());
        assertTrue(seen.stream().allMatch(p -> p >= 20000 && p <= 20009), seen.toString());
    }
}
