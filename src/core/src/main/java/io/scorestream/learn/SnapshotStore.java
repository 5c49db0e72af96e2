package io.scorestream.learn;

import io.scorestream.io.AtomicFiles;
import io.scorestream.model.ModelCodec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A directory of learner snapshots named by model version. Each is written atomically; the newest
 * {@value #KEEP} are kept, so a snapshot found corrupt at start-up (truncated, bit-flipped) is
 * reported and skipped for the one before it — never loaded as a wrong model.
 */
public final class SnapshotStore implements StateStore {
    static final int KEEP = 3;
    private static final String PREFIX = "snapshot-", SUFFIX = ".bin";

    private final Path directory;
    private final Consumer<String> warnings;

    public SnapshotStore(Path directory, Consumer<String> warnings) {
        this.directory = directory;
        this.warnings = warnings;
    }

    public Path directory() { return directory; }

    @Override
    public String describe() { return directory.toString(); }

    @Override
    public void save(LearnerState state) {
        try {
            Files.createDirectories(directory);
            Path file = directory.resolve(String.format("%s%012d%s", PREFIX, state.modelVersion(), SUFFIX));
            AtomicFiles.write(file, out -> LearnerStateCodec.encode(state, out));
            List<Path> all = snapshots();
            for (int i = KEEP; i < all.size(); i++) Files.deleteIfExists(all.get(i));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write snapshot in " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * The newest snapshot that reads back whole; empty only when there is no snapshot directory
     * yet (a first start). A path that exists but is not a usable directory is an error, so a
     * storage outage is retried by the supervisor instead of silently learning from scratch.
     */
    @Override
    public Optional<LearnerState> loadLatest() {
        if (Files.exists(directory) && !Files.isDirectory(directory))
            throw new UncheckedIOException(new IOException("snapshot path " + directory + " exists but is not a directory"));
        for (Path file : snapshots()) {
            try {
                return Optional.of(LearnerStateCodec.decode(Files.readAllBytes(file), file.toString()));
            } catch (ModelCodec.InvalidModelException e) {
                warnings.accept("skipping unreadable snapshot: " + e.getMessage());
            } catch (IOException e) {
                warnings.accept("skipping unreadable snapshot " + file + ": " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** Snapshot files, newest first. */
    List<Path> snapshots() {
        if (!Files.isDirectory(directory)) return List.of();
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> {
                        String name = p.getFileName().toString();
                        return name.startsWith(PREFIX) && name.endsWith(SUFFIX);
                    })
                    .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
