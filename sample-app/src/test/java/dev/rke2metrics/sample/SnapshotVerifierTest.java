package dev.rke2metrics.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
