package io.scorestream.stream;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.CoordinatedShutdown;
import akka.actor.typed.PostStop;
import akka.actor.typed.PreRestart;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.receptionist.Receptionist;
import akka.actor.typed.receptionist.ServiceKey;
import akka.japi.Pair;
import akka.kafka.javadsl.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This node's reader of the samples topic: it runs the {@link IngestStream} (one member of the
 * cluster's consumer group) and restarts it, with back-off, whenever it fails, the partitioner
 * refuses a batch, or a new partitioner epoch begins — so the stream always continues from the
 * offsets the partitioner has absorbed.
 */
public final class Ingestor extends AbstractBehavior<Ingestor.Command> {

    /** How a partitioner finds the ingestors of every node. */
    public static final ServiceKey<Command> SERVICE_KEY = ServiceKey.create(Command.class, "scorestream-ingestor");

    public sealed interface Command extends CborSerializable {}

    /** A partitioner incarnation has started; readers of an earlier one re-read from its offsets. */
    public record PartitionerStarted(long epoch) implements Command {}

    /** Stop consuming, let in-flight batches finish, have the partitioner write a snapshot, then reply. */
    public record Drain(ActorRef<Done> replyTo) implements Command {}

    /** The end of the stream this incarnation started (a restarted actor keeps its address: an older stream's end must not count). */
    private record StreamEnded(long stream, Throwable failure) implements Command {}
    private record Drained(ActorRef<Done> replyTo) implements Command {}
    /** The reader's stream has not ended within half a batch-timeout of a drain. */
    private record DrainOverdue(ActorRef<Done> replyTo) implements Command {}

    private final ActorRef<Partitioner.Command> partitioner;
    private final DeadLetters deadLetters;
    private final ReaderRestarts restarts;
    private final AtomicLong epochSeen = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();
    private static final java.util.concurrent.atomic.AtomicLong STREAMS = new java.util.concurrent.atomic.AtomicLong();
    private final long streamId = STREAMS.incrementAndGet();
    private final Consumer.Control control;
    private final CompletionStage<Done> streamDone;
    private final Duration drainLimit;
    private boolean draining, drained;

    /** restarts hears of every restart of this reader (its first start is not one). */
    public static Behavior<Command> create(StreamSettings settings, RecordCodec codec, ActorRef<Partitioner.Command> partitioner, ReaderRestarts restarts) {
        java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();
        DeadLetters.Written written = DeadLetters.Written.onTopic(settings);   // across restarts: a re-read batch's letters already sent stay sent
        return Behaviors.supervise(Behaviors.<Command>setup(ctx -> {
                    if (started.getAndSet(true)) restarts.restarted();
                    try {
                        return new Ingestor(ctx, settings, codec, partitioner, restarts, written);
                    } catch (RuntimeException e) {   // restarts are not logged by the supervisor: say why here
                        ctx.getLog().warn("the reader could not start: {}; retrying", describe(e));
                        restarts.failed("the reader could not start: " + describe(e));
                        throw e;
                    }
                }))
                // Restarts are this actor's way of re-reading; it says why in one line itself.
                .onFailure(SupervisorStrategy.restartWithBackoff(settings.minBackoff(), settings.maxBackoff(), 0.2).withLoggingEnabled(false));
    }

    private Ingestor(ActorContext<Command> ctx, StreamSettings s, RecordCodec codec, ActorRef<Partitioner.Command> partitioner, ReaderRestarts restarts,
                     DeadLetters.Written written) {
        super(ctx);
        this.partitioner = partitioner;
        this.restarts = restarts;
        this.deadLetters = DeadLetters.create(s, ctx.getSystem().dispatchers().lookup(akka.actor.typed.DispatcherSelector.blocking()), written);
        ctx.getSystem().receptionist().tell(Receptionist.register(SERVICE_KEY, ctx.getSelf()));
        Pair<Consumer.Control, CompletionStage<Done>> stream = IngestStream.run(ctx.getSystem(), s, codec, deadLetters, partitioner, epochSeen, stopped::get);
        this.control = stream.first();
        this.streamDone = stream.second();
        this.drainLimit = s.batchTimeout().dividedBy(2);
        ctx.pipeToSelf(streamDone, (done, failure) -> new StreamEnded(streamId, failure));
    }

    /** A producer for ScoreStream's own records (dead letters, models, generated samples): acknowledged by all replicas, idempotent. */
    static Producer<byte[], byte[]> producer(StreamSettings s) {
        return new KafkaProducer<>(producerProperties(s), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * The settings of such a producer: the node's Kafka settings, acks=all, idempotent, one request
     * in flight. With several, a batch sent while a restarted broker is still loading its partition
     * fails (NOT_LEADER_OR_FOLLOWER), a later batch lands once the partition is loaded, and every
     * retry of the first is refused as out of sequence until the delivery timeout: its records are
     * lost although the producer is idempotent (KAFKA-15591; the broker's fix came after the 3.9.1
     * embedded here). Seen in the outage test's own producer; one in flight keeps the order.
     */
    static Map<String, Object> producerProperties(StreamSettings s) {
        Map<String, Object> props = new HashMap<>(s.kafkaProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        return props;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(PartitionerStarted.class, this::onPartitionerStarted)
                .onMessage(Drain.class, this::onDrain)
                .onMessage(Drained.class, this::onDrained)
                .onMessage(DrainOverdue.class, this::onDrainOverdue)
                .onMessage(StreamEnded.class, this::onStreamEnded)
                // A restart delivers PreRestart, not PostStop: without this the old consumer would
                // keep its partitions in the group and starve the new incarnation.
                .onSignal(PreRestart.class, s -> onStop())
                .onSignal(PostStop.class, s -> onStop())
                .build();
    }

    private Behavior<Command> onPartitionerStarted(PartitionerStarted m) {
        long seen = epochSeen.get();
        getContext().getLog().debug("partitioner epoch {} started; this reader started from epoch {}", m.epoch(), seen);
        if (seen == 0 || seen == m.epoch() || draining) return this;
        getContext().getLog().info("partitioner epoch {} started; re-reading from its offsets", m.epoch());
        restarts.failed("partitioner epoch " + m.epoch() + " started");
        throw new IllegalStateException("partitioner epoch " + m.epoch() + " started");
    }

    private Behavior<Command> onDrain(Drain m) {
        getContext().getLog().info("drain: stopping this node's reader; in-flight batches finish");
        draining = true;
        stopped.set(true);   // a reader draining takes on no new partitions
        getContext().pipeToSelf(control.drainAndShutdown(streamDone, getContext().getExecutionContext()),
                (done, failure) -> new Drained(m.replyTo()));
        getContext().scheduleOnce(drainLimit, getContext().getSelf(), new DrainOverdue(m.replyTo()));
        return this;
    }

    /**
     * A drain waits for the batches in flight, not for ever: a stream that has not ended by now (a
     * batch never answered, a partition's source that never completes) is shut down, and the
     * snapshot holds what the learner took. Nothing is lost or counted twice by stopping early:
     * offsets live with the statistics, so whoever reads those partitions next starts where the
     * snapshot ends. Half a batch-timeout leaves the other half of a drain to the snapshot and model.
     */
    private Behavior<Command> onDrainOverdue(DrainOverdue m) {
        if (drained) return this;
        getContext().getLog().warn("drain: the reader's stream has not ended within {}; shutting it down (what is in flight is re-read by the partitions' next owner)", drainLimit);
        control.shutdown();
        return onDrained(new Drained(m.replyTo()));
    }

    private Behavior<Command> onDrained(Drained m) {
        if (drained) return this;
        drained = true;
        getContext().getLog().info("drain: the reader has stopped; asking for a snapshot and a model");
        CompletionStage<Done> flushed = AskPattern.ask(partitioner, Partitioner.Flush::new, Duration.ofMinutes(5), getContext().getSystem().scheduler());
        flushed.thenAccept(done -> m.replyTo().tell(Done.getInstance()));   // a failed flush: the asker times out
        return this;
    }

    private Behavior<Command> onStreamEnded(StreamEnded m) {
        if (draining || m.stream() != streamId) return this;   // drained, or the stream of an earlier incarnation
        if (CoordinatedShutdown.get(getContext().getSystem()).getShutdownReason().isPresent()) return Behaviors.stopped();
        String why = "ingest stream ended" + (m.failure() == null ? "" : ": " + describe(m.failure()));
        getContext().getLog().warn("{}; restarting it", why);
        restarts.failed(why);
        throw new IllegalStateException(why, m.failure());
    }

    /** The failure, and its root cause when that is another exception (Alpakka wraps a failed offsets lookup, which says why). */
    static String describe(Throwable failure) {
        while ((failure instanceof java.util.concurrent.CompletionException || failure instanceof java.util.concurrent.ExecutionException)
                && failure.getCause() != null) failure = failure.getCause();   // wrappers of an async step say nothing themselves
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        boolean said = root == failure || root.getMessage() == null || String.valueOf(failure.getMessage()).contains(root.getMessage());
        return said ? failure.toString() : failure + " (cause: " + root.getMessage() + ")";
    }

    private Behavior<Command> onStop() {
        stopped.set(true);
        control.shutdown();
        deadLetters.close();
        return this;
    }
}
