package dev.rke2metrics.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verifier on files shaped like etcd's snapshots (bbolt pages + SHA-256 trailer); real ones are in the e2e tests. */
class SnapshotVerifierTest {
    @TempDir
    Path dir;

    /** A bbolt-like database of four 4 KiB pages with the meta magic, followed by its SHA-256. */
    static byte[] snapshot() throws Exception {
        byte[] db = new byte[4 * 4096];
        new Random(7).nextBytes(db);
        ByteBuffer.wrap(db, 16, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(0xED0CDAED);
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(db);
        byte[] out = Arrays.copyOf(db, db.length + 32);
        System.arraycopy(hash, 0, out, db.length, 32);
        return out;
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private String failure(Path file) {
        return assertThrows(SnapshotException.class, () -> SnapshotVerifier.verify(file, file.getFileName().toString()))
            .getMessage();
    }

    @Test
    void acceptsACompleteSnapshotPlainOrZipped() throws Exception {
        byte[] s = snapshot();
        assertEquals(s.length, SnapshotVerifier.verify(write("s-n-1", s), "s-n-1"));
        Path zip = dir.resolve("s-n-2.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new ZipEntry("s-n-2"));
            z.write(s);
            z.closeEntry();
        }
        assertEquals(s.length, SnapshotVerifier.verify(zip, "s-n-2.zip"));
    }

    @Test
    void rejectsTruncatedCorruptAndForeignFiles() throws Exception {
        byte[] s = snapshot();
        assertTrue(failure(write("s-n-1", Arrays.copyOf(s, s.length - 1))).contains("incomplete or corrupt"));
        byte[] flipped = s.clone();
        flipped[5000] ^= 1;
        assertTrue(failure(write("s-n-2", flipped)).contains("incomplete or corrupt"));
        byte[] foreign = s.clone();
        foreign[16] = 0;
        assertTrue(failure(write("s-n-3", foreign)).contains("not an etcd (bbolt) database"));
        assertTrue(failure(write("s-n-4", new byte[10])).contains("truncated: only 10 bytes"));
        assertTrue(failure(write("s-n-5.zip", s)).startsWith("cannot read snapshot s-n-5.zip"));
    }

    @Test
    void aZipMustHoldExactlyOneSnapshot() throws Exception {
        Path zip = dir.resolve("s-n-6.zip");
        try (OutputStream f = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(f)) {
            for (String n : new String[] {"a", "b"}) {
                z.putNextEntry(new ZipEntry(n));
                z.write(snapshot());
                z.closeEntry();
            }
        }
        assertTrue(failure(zip).contains("exactly one file"));
    }

    /** Feeds {@code bytes} to the streaming check in writes of 1 to 100 bytes, as a stream may cut them anywhere. */
    private static SnapshotVerifier.Checking streamed(byte[] bytes, ByteArrayOutputStream passedOn) throws IOException {
        SnapshotVerifier.Checking check = new SnapshotVerifier.Checking(passedOn, "s-n-9");
        Random sizes = new Random(11);
        for (int off = 0; off < bytes.length; ) {
            int n = Math.min(bytes.length - off, 1 + sizes.nextInt(100));
            if (n == 1 && sizes.nextBoolean()) {
                check.write(bytes[off]);
            } else {
                check.write(bytes, off, n);
            }
            off += n;
        }
        return check;
    }

    @Test
    void checksAStreamInWritesOfAnySizeAndPassesItOnUnchanged() throws Exception {
        byte[] s = snapshot();
        ByteArrayOutputStream passedOn = new ByteArrayOutputStream();
        SnapshotVerifier.Checking check = streamed(s, passedOn);
        assertEquals(s.length, check.verify());
        assertArrayEquals(s, passedOn.toByteArray());

        SnapshotVerifier.Checking whole = new SnapshotVerifier.Checking(OutputStream.nullOutputStream(), "s-n-9");
        whole.write(s, 0, s.length);
        assertEquals(s.length, whole.verify());
    }

    @Test
    void aStreamThatIsTruncatedCorruptOrForeignFails() throws Exception {
        byte[] s = snapshot();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        for (byte[] bad : new byte[][] {Arrays.copyOf(s, s.length - 1), flip(s, 5000), flip(s, s.length - 1)}) {
            SnapshotVerifier.Checking check = streamed(bad, sink);
            assertTrue(assertThrows(SnapshotException.class, check::verify).getMessage()
                .contains("s-n-9 is incomplete or corrupt"));
        }
        SnapshotVerifier.Checking foreign = streamed(flip(s, 17), sink);
        assertTrue(assertThrows(SnapshotException.class, foreign::verify).getMessage().contains("not an etcd (bbolt) database"));
        SnapshotVerifier.Checking tiny = streamed(Arrays.copyOf(s, 51), sink);
        assertTrue(assertThrows(SnapshotException.class, tiny::verify).getMessage().contains("truncated: only 51 bytes"));
    }

    private static byte[] flip(byte[] b, int at) {
        byte[] out = b.clone();
        out[at] ^= 1;
        return out;
    }
}
