package capa.plugins.lock;

import capa.base.PluginCoordinates;
import capa.base.PluginId;
import capa.base.io.AtomicReplacement;
import capa.base.io.BoundedFile;
import capa.base.io.DurableFiles;
import capa.base.io.Utf8Text;
import capa.plugins.jar.JarText;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Changes {@code plugins.lock} safely: writers queue on an exclusive lock, the lock is re-read
 * under it, and a crash at any moment leaves either the old or the new lock, never a lock
 * change without its journal line.
 *
 * <p>The protocol, under an in-process lock (a {@link FileLock} is held per JVM, so threads
 * would not queue on it) and a {@link FileLock} on the sidecar {@code <lock>.lck} (not on the
 * lock itself, which is replaced by a rename): read and validate the lock; write the new text
 * to a temporary file in the same directory and fsync it; append and fsync the journal line;
 * rename the temporary file over the lock atomically; fsync the directory. Every one of these
 * writes goes through {@link DurableFiles}, so the order is tested. All of it happens at
 * the lock's real path ({@link LockLocation#realPath()}, resolved once), so a symlinked lock is
 * written through to its target and its journal is the target's; an existing lock keeps its
 * permissions.
 */
public final class LockfileTransaction {

    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();
    private static final Set<PosixFilePermission> WRITE_BITS = Set.of(PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

    private final LockLocation location;
    private final Clock clock;
    private final DurableFiles files;

    public LockfileTransaction(LockLocation location, Clock clock) {
        this(location, clock, DurableFiles.SYSTEM);
    }

    /** A transaction whose writes go through {@code files}, which a test may record. */
    LockfileTransaction(LockLocation location, Clock clock, DurableFiles files) {
        this.location = location;
        this.clock = clock;
        this.files = files;
    }

    /**
     * Adds {@code entry} to the lock, or refreshes the entry with its id, and journals it.
     * Creates the lock, with its header, when it does not exist.
     *
     * @throws IllegalArgumentException when the reason is blank or not one line (nothing written)
     * @throws LockWriteException when the lock is unusable or cannot be written (nothing changed)
     */
    public LockChange trust(PluginCoordinates entry, String reason) throws LockWriteException {
        JournalLine.checkReason(reason);
        requireRecordable("package", entry.packageName());
        requireRecordable("version", entry.version());
        requireRecordable("entry_point", entry.entryPoint());
        return commit(lock -> new Edit(lock.withEntry(entry), JournalLine.trust(entry, reason, clock)));
    }

    /**
     * Removes the entry for {@code id} and journals a revoke line with the removed version and
     * hash.
     *
     * @throws IllegalArgumentException when the reason is blank or not one line (nothing written)
     * @throws LockWriteException when the lock has no such entry, is unusable or cannot be
     *     written (nothing changed)
     */
    public LockChange revoke(PluginId id, String reason) throws LockWriteException {
        JournalLine.checkReason(reason);
        return commit(lock -> {
            PluginCoordinates removed = lock.lockfile().entry(id).orElseThrow(() -> new LockWriteException(
                    location.path() + " has no entry for '" + id + "'; nothing was changed"));
            return new Edit(lock.without(id).orElseThrow(), JournalLine.revoke(removed, reason, clock));
        });
    }

    /** Discovery applies the same rule ({@link LockValue}); this keeps a refusal one line, never a crash. */
    private static void requireRecordable(String key, String value) throws LockWriteException {
        Optional<String> problem = LockValue.problem(value);
        if (problem.isPresent()) {
            throw new LockWriteException("cannot record " + key + " '" + JarText.printable(value, 120) + "': it "
                    + problem.get() + "; nothing was written");
        }
    }

    private record Edit(String text, JournalLine line) {
    }

    @FunctionalInterface
    private interface Editor {
        Edit apply(LockDocument lock) throws LockWriteException;
    }

    private LockChange commit(Editor editor) throws LockWriteException {
        Path target = writeTarget(location);
        Path directory = target.getParent();
        Path journal = LockLocation.journalOf(target);
        requireWritableDirectory(directory);
        requireWritableDirectory(journal.getParent());
        Path sidecarPath = sidecarOf(target);
        requireFileOrNothing(sidecarPath, "the lock's lock file " + sidecarPath.getFileName());
        ReentrantLock inProcess = IN_PROCESS.computeIfAbsent(target, k -> new ReentrantLock());
        inProcess.lock();
        // NOFOLLOW_LINKS: a link made after the check above is refused by open (O_NOFOLLOW).
        try (FileChannel sidecar = FileChannel.open(sidecarPath, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
             FileLock held = sidecar.lock()) {
            removeStaleTemporaries(target);
            boolean exists = Files.exists(target);
            Current current = exists ? current(target) : new Current(
                    ((LockfileParser.Valid) LockfileParser.parse(LockDocument.HEADER)).document(), TextConvention.PLAIN);
            Edit edit = editor.apply(current.lock());
            // What capa writes must read back: a value no reader would take back is refused here.
            if (LockfileParser.parse(edit.text()) instanceof LockfileParser.Invalid invalid) {
                throw new LockWriteException("the entry cannot be written to " + location.path()
                        + ":\n" + LockfileReader.describe(location.path(), invalid)
                        + "\nNothing was changed");
            }
            byte[] text = current.convention().encode(edit.text());
            requireReadableSize(text.length);
            if (exists) {
                requireWritableFile(target, "the lock");
            }
            requireJournalUsable(journal);
            if (Files.exists(journal)) {
                requireWritableFile(journal, "the journal");
            }
            replace(target, exists, text, current.convention(), edit, journal);
            return new LockChange(location.path(), journal, edit.line(), !exists);
        } catch (IOException e) {
            throw new LockWriteException("cannot write " + location.path() + ": " + reason(e)
                    + "; nothing was changed", e);
        } finally {
            inProcess.unlock();
        }
    }

    private void replace(Path target, boolean exists, byte[] text, TextConvention convention, Edit edit,
            Path journal) throws IOException, LockWriteException {
        try (AtomicReplacement replacement = AtomicReplacement.stage(files, target, text)) {
            if (exists) {
                copyOwnershipAndPermissions(target, replacement.temporary());
            }
            boolean journalExisted = Files.exists(journal);
            long journalSize = appendLine(journal, edit.line(), convention.lineBreak());
            if (!journalExisted) {
                files.forceDirectory(journal.getParent());
            }
            try {
                replacement.commit();
            } catch (AtomicMoveNotSupportedException e) {
                truncate(journal, journalSize, journalExisted);
                throw new LockWriteException("the file system holding " + target.getParent()
                        + " cannot replace files atomically, so capa will not risk a half-written"
                        + " lock there; keep plugins.lock on a local file system. Nothing was changed", e);
            } catch (IOException e) {
                truncate(journal, journalSize, journalExisted);
                throw e;
            }
        }
    }

    /** The lock, read, and how the file lays out its text. */
    private record Current(LockDocument lock, TextConvention convention) {
    }

    /** The existing lock, refusing one that cannot be used: it is never overwritten. */
    private Current current(Path target) throws LockWriteException {
        byte[] bytes;
        try {
            bytes = LockfileReader.readBytes(target);
        } catch (LockfileReader.LockReadException e) {
            throw new LockWriteException(e.getMessage().replace(target.toString(),
                    location.path().toString()) + "\ncapa never overwrites a lock it cannot read; trim it"
                    + " below " + (BoundedFile.LOCK_MAX_BYTES >> 20) + " MiB or make it a regular file, or"
                    + " move it away, and try again. Nothing was changed");
        }
        return switch (LockfileParser.parse(bytes)) {
            case LockfileParser.Invalid invalid -> throw new LockWriteException(
                    LockfileReader.describe(location.path(), invalid)
                            + "\ncapa never overwrites a lock it cannot read; fix it, or move it"
                            + " away, and try again. Nothing was changed");
            case LockfileParser.Valid valid -> new Current(valid.document(), TextConvention.of(bytes));
        };
    }

    private static void copyOwnershipAndPermissions(Path from, Path to) throws IOException {
        PosixFileAttributeView fromView = Files.getFileAttributeView(from, PosixFileAttributeView.class);
        PosixFileAttributeView toView = Files.getFileAttributeView(to, PosixFileAttributeView.class);
        if (fromView == null || toView == null) {
            return;
        }
        PosixFileAttributes attributes = fromView.readAttributes();
        toView.setPermissions(attributes.permissions());
        try {
            toView.setGroup(attributes.group());
            toView.setOwner(attributes.owner());
        } catch (FileSystemException e) {
            // Only root may give a file away; the permissions, which matter for reading, are kept.
        }
    }

    /**
     * Appends the line (after a line break if a hand edit left none) and fsyncs; returns the old
     * size. The line ends as the journal's first line does; a new journal's lines end as the
     * lock's do ({@code lockLineBreak}).
     */
    private long appendLine(Path journal, JournalLine line, String lockLineBreak)
            throws IOException, LockWriteException {
        boolean existed = Files.exists(journal);
        long size = existed ? Files.size(journal) : 0;
        String lineBreak = size > 0 ? lineBreakOf(journal) : lockLineBreak;
        String text = line.format() + lineBreak;
        if (size > 0 && lastByte(journal, size) != '\n') {
            text = lineBreak + text;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (size + bytes.length > BoundedFile.JOURNAL_MAX_BYTES) {
            throw new LockWriteException("cannot write " + journal + ": the line would make the journal "
                    + (size + bytes.length) + " bytes, larger than the " + (BoundedFile.JOURNAL_MAX_BYTES >> 20)
                    + " MiB capa reads of a plugins.lock.journal (plugins verify could no longer audit it);"
                    + " move it away to keep it as an archive, and try again (capa starts a new journal)."
                    + " Nothing was changed");
        }
        // CREATE_NEW (O_EXCL) creates no file through a link; an existing journal is a regular file (checked).
        try (DurableFiles.WritableFile file = files.open(journal, existed ? StandardOpenOption.APPEND
                : StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            file.write(bytes);
            file.force();
        }
        return size;
    }

    /** The journal's convention, from its first line break (read no further than that). */
    private static String lineBreakOf(Path journal) throws IOException {
        try (FileChannel channel = FileChannel.open(journal, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            byte previous = 0;
            while (channel.read(buffer) > 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    byte b = buffer.get();
                    if (b == '\n') {
                        return previous == '\r' ? "\r\n" : "\n";
                    }
                    previous = b;
                }
                buffer.clear();
            }
            return "\n";
        }
    }

    private static byte lastByte(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, size - 1);
            return one.get(0);
        }
    }

    /** Takes back a journal line whose lock change did not happen, so that nothing changed. */
    private void truncate(Path journal, long size, boolean existed) throws IOException {
        if (!existed) {
            Files.deleteIfExists(journal);
            return;
        }
        try (DurableFiles.WritableFile file = files.open(journal, StandardOpenOption.WRITE)) {
            file.truncate(size);
            file.force();
        }
    }

    /** Temporaries left by a writer that was killed; safe to delete since we hold the lock. */
    private static void removeStaleTemporaries(Path target) throws IOException, LockWriteException {
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(target.getParent(),
                p -> AtomicReplacement.isTemporaryOf(target, p))) {
            for (Path stale : stream) {
                if (Files.isDirectory(stale, LinkOption.NOFOLLOW_LINKS)) {
                    throw new LockWriteException(stale + " is a directory named like the temporary file capa"
                            + " writes a new " + target.getFileName() + " to; capa does not delete directories:"
                            + " move it away or remove it, and try again. Nothing was changed");
                }
                Files.deleteIfExists(stale);
            }
        }
    }

    static Path sidecarOf(Path target) {
        return target.resolveSibling(target.getFileName() + ".lck");
    }

    /**
     * Where the bytes go: the lock's real path, resolved once, so that the read, the sidecar
     * lock, the temporary file, the rename and the journal all name the file every reader
     * reaches. A broken symbolic link is refused rather than followed: creating whatever file it
     * names would put trust wherever the link points.
     */
    static Path writeTarget(LockLocation location) throws LockWriteException {
        Path lock = location.path();
        Path real;
        try {
            real = location.realPath();
        } catch (LockLocation.DanglingLinkException e) {
            throw new LockWriteException(e.getMessage() + "; capa does not create a lock through a"
                    + " broken link: create the target, or replace the link with a file. Nothing was changed", e);
        } catch (NoSuchFileException e) {
            throw new LockWriteException("cannot create " + lock + ": directory " + lock.getParent()
                    + " does not exist; create it first. Nothing was changed", e);
        } catch (IOException e) {
            throw new LockWriteException("cannot resolve " + lock + ": " + reason(e)
                    + "; nothing was changed", e);
        }
        if (Files.isDirectory(real)) {
            throw new LockWriteException(lock + " is a directory, not a file; nothing was changed");
        }
        return real;
    }

    /**
     * Refuses a lock that capa could not read back: one larger than
     * {@link BoundedFile#LOCK_MAX_BYTES} would lock every command, {@code untrust} included, out.
     */
    private void requireReadableSize(long size) throws LockWriteException {
        if (size > BoundedFile.LOCK_MAX_BYTES) {
            throw new LockWriteException("cannot write " + location.path() + ": it would be " + size
                    + " bytes, larger than the " + (BoundedFile.LOCK_MAX_BYTES >> 20) + " MiB capa reads of a"
                    + " plugins.lock; remove comments or entries no longer needed (plugins untrust) and try"
                    + " again. Nothing was changed");
        }
    }

    /**
     * The journal must be a regular file, a link to one, or nothing: a FIFO or device would
     * block the append or swallow it, and a broken link would make capa create whatever file
     * it names (the lock's own rule for broken links).
     */
    private static void requireJournalUsable(Path journal) throws LockWriteException {
        if (Files.isSymbolicLink(journal) && !Files.exists(journal)) {
            throw new LockWriteException("cannot write " + journal + ": it is a broken symbolic link; capa does"
                    + " not create a journal through a broken link: create the target, or remove the link."
                    + " Nothing was changed");
        }
        if (Files.isDirectory(journal)) {
            throw new LockWriteException("cannot write " + journal + ": it is a directory, not a file;"
                    + " nothing was changed");
        }
        if (Files.exists(journal)) {
            try {
                BoundedFile.requireRegular(journal, "plugins.lock.journal");
            } catch (IOException e) {
                throw new LockWriteException("cannot write " + journal + ": " + BoundedFile.reason(e)
                        + "; nothing was changed", e);
            }
        }
    }

    /**
     * The sidecar capa locks must be a regular file or absent, never a link (capa creates it
     * itself, nobody needs to link it) nor a FIFO or device, which would block its opening.
     */
    private static void requireFileOrNothing(Path file, String what) throws LockWriteException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw new LockWriteException("cannot use " + file + ": " + BoundedFile.reason(e)
                    + "; nothing was changed", e);
        }
        if (!attributes.isRegularFile()) {
            String kind = attributes.isSymbolicLink() ? "a symbolic link"
                    : attributes.isDirectory() ? "a directory" : "a FIFO, a device or a socket";
            throw new LockWriteException("cannot use " + file + " (" + what + "): it is " + kind
                    + ", not a regular file; remove it (capa creates it) and try again. Nothing was changed");
        }
    }

    private static void requireWritableDirectory(Path directory) throws LockWriteException {
        if (!Files.isWritable(directory) || lacksWriteBits(directory)) {
            throw new LockWriteException("cannot change " + directory + ": the directory is"
                    + " read-only; make it writable to change trust. Nothing was changed");
        }
    }

    private void requireWritableFile(Path file, String what) throws LockWriteException {
        if (!Files.isWritable(file) || lacksWriteBits(file)) {
            throw new LockWriteException(file + " (" + what + ") is read-only" + modeOf(file)
                    + "; make it writable (chmod u+w) to change trust. Nothing was changed");
        }
    }

    /**
     * A file or directory with no write bit at all is read-only by intent, even to root, who
     * could otherwise write it regardless.
     */
    private static boolean lacksWriteBits(Path path) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
            return permissions.stream().noneMatch(WRITE_BITS::contains);
        } catch (UnsupportedOperationException | IOException e) {
            return false;
        }
    }

    private static String modeOf(Path file) {
        try {
            return " (" + PosixFilePermissions.toString(Files.getPosixFilePermissions(file)) + ")";
        } catch (UnsupportedOperationException | IOException e) {
            return "";
        }
    }

    private static String reason(IOException e) {
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
