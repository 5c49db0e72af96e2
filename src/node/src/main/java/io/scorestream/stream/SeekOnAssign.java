package io.scorestream.stream;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.CoordinatedShutdown;
import akka.actor.typed.javadsl.AskPattern;
import akka.kafka.RestrictedConsumer;
import akka.kafka.javadsl.PartitionAssignmentHandler;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * Where a reader's newly assigned partitions continue: it asks the partitioner (or this node's
 * partition learner) with {@link Partitioner.StartAt} and seeks there, synchronously, inside Kafka's
 * rebalance callback, as Alpakka's documentation has a {@link PartitionAssignmentHandler} do. The
 * consumer fetches a partition's records only after this returns, so no assignment can be overtaken
 * by a rebalance while its offsets are being looked up — with Alpakka's asynchronous lookup
 * ({@code plainPartitionedManualOffsetSource}, 3.0.1) an answer that arrived between a revocation
 * and the next assignment, or after the revoked partitions were closed, left partitions with no
 * source and no error: the stall of PERFORMANCE.md §16. A failed or late answer throws here, which
 * fails the consumer and hence the stream, and its {@link Ingestor} re-reads.
 *
 * <p>The answer's dimension (and a JSON stream's fields) is adopted by the codec, and each
 * partition's start goes to the stream's {@link ReadCoverage}, where its coverage begins again.
 */
final class SeekOnAssign implements PartitionAssignmentHandler {
    private final ActorSystem<?> system;
    private final ActorRef<Partitioner.Command> partitioner;
    private final Duration timeout;
    private final RecordCodec codec;
    private final ReadCoverage coverage;
    private final AtomicLong epochSeen;
    private final BooleanSupplier stopping;

    /** stopping: true once the reader is being stopped (the wait for an answer then ends at once). */
    SeekOnAssign(ActorSystem<?> system, ActorRef<Partitioner.Command> partitioner, Duration timeout, RecordCodec codec,
                 ReadCoverage coverage, AtomicLong epochSeen, BooleanSupplier stopping) {
        this.system = system;
        this.partitioner = partitioner;
        this.timeout = timeout;
        this.codec = codec;
        this.coverage = coverage;
        this.epochSeen = epochSeen;
        this.stopping = stopping;
    }

    @Override
    public void onAssign(Set<TopicPartition> assigned, RestrictedConsumer consumer) {
        if (assigned.isEmpty()) return;
        Set<Integer> partitions = assigned.stream().map(TopicPartition::partition).collect(Collectors.toSet());
        Partitioner.Offsets offsets;
        try {
            CompletableFuture<Partitioner.Offsets> answer = AskPattern.<Partitioner.Command, Partitioner.Offsets>ask(partitioner,
                    replyTo -> new Partitioner.StartAt(partitions, replyTo), timeout, system.scheduler()).toCompletableFuture();
            // The consumer's thread waits here, so a node that is stopping (its singleton gone, say) must
            // not wait for the ask's timeout: the consumer could not stop meanwhile, nor the node.
            while (!answer.isDone()) {
                if (stopping.getAsBoolean() || CoordinatedShutdown.get(system).getShutdownReason().isPresent())
                    throw new IllegalStateException("the reader is stopping; partitions " + partitions + " not started");
                try {
                    answer.get(100, TimeUnit.MILLISECONDS);
                } catch (TimeoutException notYet) {
                    // the ask's own timeout ends the wait at the latest
                }
            }
            offsets = answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking where partitions " + partitions + " continue", e);
        } catch (ExecutionException e) {
            // Without the cause chain: Kafka wraps this in its own exception, and the reader's restart reason names the root's message.
            throw new IllegalStateException("no answer where partitions " + partitions + " continue: " + Ingestor.describe(e));
        }
        if (offsets.columns() != null) codec.adoptColumns(offsets.columns());
        IngestStream.adoptDimension(codec, offsets.dimension());
        epochSeen.set(offsets.epoch());
        for (TopicPartition tp : assigned) {
            long start = offsets.next().getOrDefault(tp.partition(), 0L);
            coverage.sought(tp.partition(), start);
            consumer.seek(tp, start);
        }
    }

    @Override
    public void onRevoke(Set<TopicPartition> revoked, RestrictedConsumer consumer) {}

    @Override
    public void onLost(Set<TopicPartition> lost, RestrictedConsumer consumer) {}

    @Override
    public void onStop(Set<TopicPartition> current, RestrictedConsumer consumer) {}
}
