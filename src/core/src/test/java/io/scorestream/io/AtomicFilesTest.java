package io.scorestream.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class AtomicFilesTest {
    @TempDir Path dir;

    private long filesIn(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.count();
        }
    }

    /** A named pipe stays a pipe and its reader gets the content: nothing is renamed over it (nor over /dev/null). */
    @Test
    void writesIntoANamedPipeInPlace() throws Exception {
        Path fifo = dir.resolve("pipe");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        java.util.concurrent.CompletableFuture<String> read = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        AtomicFiles.write(fifo, out -> out.write("through the pipe".getBytes(StandardCharsets.UTF_8)));
        assertEquals("through the pipe", read.get(30, java.util.concurrent.TimeUnit.SECONDS));
        assertTrue(Files.exists(fifo) && !Files.isRegularFile(fifo), "still a pipe");
        assertEquals(1, filesIn(dir), "no temporary file");
    }

    @Test
    void replacesExistingContentAndLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("t.txt");
        Files.writeString(target, "old");
        AtomicFiles.write(target, out -> out.write("new".getBytes(StandardCharsets.UTF_8)));
        assertEquals("new", Files.readString(target));
        assertEquals(1, filesIn(dir));
    }

    @Test
    void failingWriterKeepsOldContentAndDeletesTemporaryFile() throws IOException {
        Path target = dir.resolve("t.txt");
        Files.writeString(target, "old");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write("partial".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertEquals("old", Files.readString(target));
        assertEquals(1, filesIn(dir));
    }

    @Test
    void runtimeFailureLeavesNothingWhenThereWasNoTarget() throws IOException {
        Path target = dir.resolve("fresh.txt");
        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(target, out -> {
            out.write(1);
            throw new IllegalStateException("bug");
        }));
        assertFalse(Files.exists(target));
        assertEquals(0, filesIn(dir));
    }

    @Test
    void writerThatClosesTheStreamStillProducesTheFile() throws IOException {
        // Jackson's writeValue(OutputStream) closes its target by default.
        Path target = dir.resolve("j.json");
        AtomicFiles.write(target, out -> new com.fasterxml.jackson.databind.ObjectMapper().writeValue(out, java.util.Map.of("a", 1)));
        assertEquals("{\"a\":1}", Files.readString(target));
        assertEquals(1, filesIn(dir));
    }
}
