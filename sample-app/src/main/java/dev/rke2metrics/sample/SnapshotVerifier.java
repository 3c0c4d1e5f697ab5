package dev.rke2metrics.sample;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Checks that a file is a complete etcd snapshot. etcd's maintenance API streams the bbolt database followed by
 * the SHA-256 of everything before it (etcdctl checks the same), so a truncated or corrupt file fails here.
 */
public final class SnapshotVerifier {
    static final int HASH_LENGTH = 32;
    /** bbolt's meta page: a 16-byte page header, then the magic, little-endian. */
    private static final int BOLT_MAGIC = 0xED0CDAED;
    private static final int BOLT_MAGIC_OFFSET = 16;

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

    /** Verifies {@code size} bytes of snapshot from {@code in}. */
    static long verify(InputStream in, long size, String displayName) throws IOException, SnapshotException {
        if (size < BOLT_MAGIC_OFFSET + 4 + HASH_LENGTH) {
            throw new SnapshotException("snapshot " + displayName + " is truncated: only " + size + " bytes");
        }
        MessageDigest sha = sha256();
        byte[] buf = new byte[1 << 16];
        long remaining = size - HASH_LENGTH;
        boolean first = true;
        while (remaining > 0) {
            int n = in.readNBytes(buf, 0, (int) Math.min(buf.length, remaining));
            if (n == 0) {
                throw new SnapshotException("snapshot " + displayName + " is truncated");
            }
            if (first && n >= BOLT_MAGIC_OFFSET + 4) {
                int magic = ByteBuffer.wrap(buf, BOLT_MAGIC_OFFSET, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
                if (magic != BOLT_MAGIC) {
                    throw new SnapshotException("snapshot " + displayName + " is not an etcd (bbolt) database");
                }
            }
            first = false;
            sha.update(buf, 0, n);
            remaining -= n;
        }
        byte[] trailer = in.readNBytes(HASH_LENGTH);
        if (trailer.length != HASH_LENGTH || in.read() != -1) {
            throw new SnapshotException("snapshot " + displayName + " has the wrong length");
        }
        if (!Arrays.equals(sha.digest(), trailer)) {
            throw new SnapshotException("snapshot " + displayName
                + " is incomplete or corrupt: its SHA-256 trailer does not match its content");
        }
        return size;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
