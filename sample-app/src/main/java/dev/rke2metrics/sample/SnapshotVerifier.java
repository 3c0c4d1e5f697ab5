package dev.rke2metrics.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Checks that bytes are a complete etcd snapshot. etcd's maintenance API streams the bbolt database followed by
 * the SHA-256 of everything before it (etcdctl checks the same), so a truncated or corrupt snapshot fails here.
 * A save checks the stream as it goes by ({@link Checking}), so the file is never read back; {@link #verify(Path,
 * String)} checks a file that is already on disk.
 */
public final class SnapshotVerifier {
    static final int HASH_LENGTH = 32;
    /** bbolt's meta page: a 16-byte page header, then the magic, little-endian. */
    private static final int BOLT_MAGIC = 0xED0CDAED;
    private static final int BOLT_MAGIC_OFFSET = 16;
    private static final int HEAD_LENGTH = BOLT_MAGIC_OFFSET + 4;

    private SnapshotVerifier() {
    }

    /** Verifies a plain or .zip snapshot file; returns the size of the (uncompressed) snapshot. */
    public static long verify(Path file, String displayName) throws SnapshotException {
        try {
            if (file.getFileName().toString().endsWith(SnapshotName.ZIP) || displayName.endsWith(SnapshotName.ZIP)) {
                try (ZipFile zip = new ZipFile(file.toFile())) {
                    Enumeration<? extends ZipEntry> entries = zip.entries();
                    if (!entries.hasMoreElements()) {
                        throw new SnapshotException("snapshot " + displayName + " is an empty zip");
                    }
                    ZipEntry entry = entries.nextElement();
                    if (entries.hasMoreElements() || entry.getSize() < 0) {
                        throw new SnapshotException("snapshot " + displayName + " must hold exactly one file of known size");
                    }
                    try (InputStream in = zip.getInputStream(entry)) {
                        return verify(in, entry.getSize(), displayName);
                    }
                }
            }
            try (InputStream in = Files.newInputStream(file)) {
                return verify(in, Files.size(file), displayName);
            }
        } catch (IOException e) {
            throw new SnapshotException("cannot read snapshot " + displayName + ": " + Failures.describe(e), e);
        }
    }

    /** Verifies {@code size} bytes of snapshot from {@code in}: all of it, and nothing after it. */
    static long verify(InputStream in, long size, String displayName) throws IOException, SnapshotException {
        Checking check = new Checking(OutputStream.nullOutputStream(), displayName);
        long read = in.transferTo(check);
        if (read != size) {
            throw new SnapshotException("snapshot " + displayName + " has the wrong length: " + read + " bytes, not " + size);
        }
        return check.verify();
    }

    /**
     * Passes a snapshot through to {@code out} unchanged while checking it: the bbolt magic in the first bytes and
     * the SHA-256 of all but the last 32 bytes against those last 32. Which bytes are the last is only known at the
     * end, so the newest 32 are held back from the digest (not from {@code out}) until more arrive. Neither
     * buffers nor copies the content itself. {@link #verify()} after the last byte.
     */
    static final class Checking extends OutputStream {
        private final OutputStream out;
        private final String displayName;
        private final MessageDigest sha = sha256();
        private final byte[] head = new byte[HEAD_LENGTH];
        /** The newest bytes seen, not yet digested: the trailer once the stream ends. */
        private final byte[] tail = new byte[HASH_LENGTH];
        private int tailLength;
        private long size;

        Checking(OutputStream out, String displayName) {
            this.out = out;
            this.displayName = displayName;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            if (size < HEAD_LENGTH) {
                int n = (int) Math.min(len, HEAD_LENGTH - size);
                System.arraycopy(b, off, head, (int) size, n);
            }
            size += len;
            if (len >= HASH_LENGTH) {
                // Everything held back, and all of this but its last 32 bytes, is content.
                sha.update(tail, 0, tailLength);
                sha.update(b, off, len - HASH_LENGTH);
                System.arraycopy(b, off + len - HASH_LENGTH, tail, 0, HASH_LENGTH);
                tailLength = HASH_LENGTH;
            } else {
                int excess = tailLength + len - HASH_LENGTH;
                if (excess > 0) {
                    sha.update(tail, 0, excess);
                    System.arraycopy(tail, excess, tail, 0, tailLength - excess);
                    tailLength -= excess;
                }
                System.arraycopy(b, off, tail, tailLength, len);
                tailLength += len;
            }
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        /** Checks what was written as a whole snapshot; returns its size. */
        long verify() throws SnapshotException {
            if (size < HEAD_LENGTH + HASH_LENGTH) {
                throw new SnapshotException("snapshot " + displayName + " is truncated: only " + size + " bytes");
            }
            int magic = (head[BOLT_MAGIC_OFFSET] & 0xff) | (head[BOLT_MAGIC_OFFSET + 1] & 0xff) << 8
                | (head[BOLT_MAGIC_OFFSET + 2] & 0xff) << 16 | (head[BOLT_MAGIC_OFFSET + 3] & 0xff) << 24;
            if (magic != BOLT_MAGIC) {
                throw new SnapshotException("snapshot " + displayName + " is not an etcd (bbolt) database");
            }
            if (!Arrays.equals(sha.digest(), tail)) {
                throw new SnapshotException("snapshot " + displayName
                    + " is incomplete or corrupt: its SHA-256 trailer does not match its content");
            }
            return size;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
