package io.scorestream.learn;

import java.util.Optional;

/**
 * Where learner snapshots live: a local directory ({@link SnapshotStore}) for a single node, a
 * compacted Kafka topic when nodes share no disk. Either way the newest snapshot that reads back
 * whole wins, and a snapshot is either wholly saved or not visible at all.
 */
public interface StateStore extends AutoCloseable {
    /** The newest readable snapshot, empty on a first start; an unusable store is an exception. */
    Optional<LearnerState> loadLatest();

    void save(LearnerState state);

    /** Where the snapshots are, for messages. */
    String describe();

    /** Releases what the store holds open (a Kafka store's producer); a directory holds nothing. */
    @Override
    default void close() {}
}
