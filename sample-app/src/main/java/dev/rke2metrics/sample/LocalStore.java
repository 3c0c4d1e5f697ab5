package dev.rke2metrics.sample;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** This node's snapshot directory. */
public final class LocalStore {
    private final Path dir;
    private final String name;
    private final String node;
    private final boolean compress;
    private final Clock clock;

    public LocalStore(Path dir, String name, String node, boolean compress, Clock clock) {
        this.dir = dir.toAbsolutePath().normalize();
        this.name = name;
        this.node = node;
        this.compress = compress;
        this.clock = clock;
    }

    public Path dir() {
        return dir;
    }

    /** {@code <name>-<node>}: the snapshots this node takes, the ones its retention applies to. */
    public String prefix() {
        return SnapshotName.prefix(name, node);
    }

    /**
     * Streams a snapshot from etcd into this directory, atomically: into a hidden partial file, verified on the way
     * in, then one fsync, rename, fsync the directory. On any failure the partial file is deleted and nothing else
     * is touched.
     */
    public SnapshotRecord saveSnapshot(EtcdConnection etcd) throws SnapshotException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new SnapshotException("cannot create snapshot directory " + dir + ": " + Failures.describe(e), e);
        }
        SnapshotName sn = freshName();
        Path target = dir.resolve(sn.fileName());
        Path partial = dir.resolve("." + sn.fileName() + ".partial");
        ExitHooks.partial(partial);
        try {
            try (FileChannel ch = FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ChannelOutput file = new ChannelOutput(ch);
                ZipOutputStream zip = null;
                if (compress) {
                    zip = new ZipOutputStream(file);
                    zip.putNextEntry(new ZipEntry(sn.entryName()));
                }
                // Checked as it streams by (the snapshot as etcd sent it, before any compression): the file is
                // never read back, which for a large snapshot would cost as much again as receiving it.
                SnapshotVerifier.Checking check = new SnapshotVerifier.Checking(zip != null ? zip : file, sn.fileName());
                etcd.snapshot(check);
                check.verify();
                if (zip != null) {
                    // Ends the entry and the archive, and frees the Deflater's native memory now rather than at
                    // some GC. Closing a ChannelOutput writes nothing; the channel closes with this try.
                    zip.close();
                }
                file.flush();
                ch.force(true);
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            fsyncDirectory();
            return SnapshotRecord.ready(sn, SnapshotRecord.LOCAL, node, target.toUri().toString(), Files.size(target));
        } catch (SnapshotException | IOException | RuntimeException e) {
            deletePartial(partial, e);
            if (e instanceof SnapshotException) {
                throw (SnapshotException) e;
            }
            throw new SnapshotException("cannot write snapshot " + target + ": " + Failures.describe(e), e);
        } finally {
            ExitHooks.done(partial);
        }
    }

    /** The snapshot files in this directory, as records (reconcile's view of this node). */
    public List<SnapshotRecord> listSnapshots() throws SnapshotException {
        List<SnapshotRecord> out = new ArrayList<>();
        for (Path p : scan()) {
            SnapshotName sn = SnapshotName.parse(p.getFileName().toString()).orElseThrow();
            try {
                out.add(SnapshotRecord.ready(sn, SnapshotRecord.LOCAL, node, p.toUri().toString(), Files.size(p)));
            } catch (NoSuchFileException gone) {
                // deleted between listing and stat (a concurrent prune): not a snapshot any more
            } catch (IOException e) {
                throw new SnapshotException("cannot read snapshot " + p + ": " + Failures.describe(e), e);
            }
        }
        return out;
    }

    /** Names only, for retention and delete: not the mapped listing. */
    List<SnapshotName> snapshotNames() throws SnapshotException {
        List<SnapshotName> out = new ArrayList<>();
        for (Path p : scan()) {
            out.add(SnapshotName.parse(p.getFileName().toString()).orElseThrow());
        }
        return out;
    }

    /** Deletes all but the newest {@code keep} of this node's snapshots; returns the deleted names. */
    List<String> applyRetention(int keep, SnapshotName justTaken) throws SnapshotException {
        List<String> deleted = new ArrayList<>();
        for (SnapshotName old : Retention.toDelete(snapshotNames(), prefix(), keep, justTaken)) {
            if (deleteSnapshot(old.fileName())) {
                deleted.add(old.fileName());
            }
        }
        return deleted;
    }

    /** Deletes one snapshot file; false if there was none of that name. */
    boolean deleteSnapshot(String fileName) throws SnapshotException {
        if (SnapshotName.parse(fileName).isEmpty()) {
            return false;
        }
        try {
            return Files.deleteIfExists(dir.resolve(fileName));
        } catch (IOException e) {
            throw new SnapshotException("cannot delete snapshot " + dir.resolve(fileName) + ": " + Failures.describe(e), e);
        }
    }

    private List<Path> scan() throws SnapshotException {
        if (!Files.exists(dir)) {
            return List.of(); // nothing saved yet
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> SnapshotName.parse(p.getFileName().toString()).isPresent())
                .filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new SnapshotException("cannot list snapshot directory " + dir + ": " + Failures.describe(e), e);
        }
    }

    /** A name no other snapshot has: two saves in one second would collide, so the second waits for the next. */
    private SnapshotName freshName() throws SnapshotException {
        while (true) {
            SnapshotName plain = SnapshotName.of(name, node, clock.instant(), false);
            SnapshotName zipped = new SnapshotName(plain.prefix(), plain.seconds(), true);
            boolean taken = Stream.of(plain, zipped).anyMatch(n ->
                Files.exists(dir.resolve(n.fileName())) || Files.exists(dir.resolve("." + n.fileName() + ".partial")));
            if (!taken) {
                return compress ? zipped : plain;
            }
            try {
                Thread.sleep(1000 - clock.millis() % 1000 + 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SnapshotException("interrupted while waiting for a free snapshot name", e);
            }
        }
    }

    private void fsyncDirectory() throws IOException {
        // Makes the rename itself durable; Linux allows fsync on a directory opened for reading.
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    private static void deletePartial(Path partial, Exception failure) {
        try {
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * Writes to a file channel through one large direct buffer: one copy out of the caller's array and one write
     * call per MiB. A {@code BufferedOutputStream} over {@code Channels.newOutputStream} would make a write call per
     * 64 KiB and the JDK would copy each one again into a temporary direct buffer.
     */
    private static final class ChannelOutput extends OutputStream {
        private final FileChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);

        ChannelOutput(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public void write(int b) throws IOException {
            if (!buffer.hasRemaining()) {
                drain();
            }
            buffer.put((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int n = Math.min(len, buffer.remaining());
                buffer.put(b, off, n);
                off += n;
                len -= n;
                if (!buffer.hasRemaining()) {
                    drain();
                }
            }
        }

        @Override
        public void flush() throws IOException {
            drain();
        }

        private void drain() throws IOException {
            buffer.flip();
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            buffer.clear();
        }
    }
}
