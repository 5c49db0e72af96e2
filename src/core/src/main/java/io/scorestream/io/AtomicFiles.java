package io.scorestream.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that readers only ever see the old content or the complete new content.
 *
 * <p>A run that is killed, or that fails half-way (bad input discovered late, disk full), must
 * not leave a truncated CSV or JSON behind that a later step would happily read. So the content
 * goes to a temporary file in the target's own directory (a rename is only atomic within one
 * file system), is forced to disk, and is then renamed over the target.
 *
 * <p>A target that exists and is not a regular file ({@code /dev/null}, {@code /dev/stdout}, a
 * named pipe) is written in place: renaming over it would replace a device with a plain file
 * (as root, {@code --out /dev/null} once did, and every later program's {@code > /dev/null}
 * failed).
 */
public final class AtomicFiles {
    /** Produces the file's content; the stream is buffered and closed by {@link #write}. */
    @FunctionalInterface
    public interface StreamWriter {
        void write(OutputStream out) throws IOException;
    }

    private AtomicFiles() {}

    /**
     * Fails at once where {@link #write} could not write target, its directory missing, not a
     * directory or not writable: a command checks its output before the work, not after (a `fit`
     * into a missing directory once failed as an internal error at the end).
     */
    public static void checkWritable(Path target) {
        Path directory = target.toAbsolutePath().getParent();
        if (directory == null) return;
        if (!Files.isDirectory(directory))
            throw InputException.in(target, Files.exists(directory) ? "cannot write: " + directory + " is not a directory" : "cannot write: directory does not exist");
        if (!Files.isWritable(directory)) throw InputException.in(target, "cannot write: permission denied");
    }

    public static void write(Path target, StreamWriter writer) throws IOException {
        Path absolute = target.toAbsolutePath();
        if (Files.exists(absolute) && !Files.isRegularFile(absolute)) {
            writeInPlace(absolute, writer);
            return;
        }
        Path directory = absolute.getParent();
        // A dot-prefixed random name: hidden from casual listings, and never collides with a
        // concurrent writer of the same target. Created with CREATE_NEW rather than
        // createTempFile so the final file gets ordinary (umask) permissions, not 0600.
        Path temp = directory.resolve("." + absolute.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                // Writers such as Jackson close the stream they are given; closing here would close
                // the channel before it is forced to disk, so their close only flushes.
                writer.write(new NonClosingStream(out));
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException suppressed) {
                    // The original failure is the one worth reporting.
                }
            }
        }
    }

    private static void writeInPlace(Path target, StreamWriter writer) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target, StandardOpenOption.WRITE), 1 << 16)) {
            writer.write(new NonClosingStream(out));
        }
    }

    private static final class NonClosingStream extends FilterOutputStream {
        NonClosingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len); // FilterOutputStream would go byte by byte
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
