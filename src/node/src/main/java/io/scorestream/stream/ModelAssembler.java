package io.scorestream.stream;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.scorestream.learn.LearnerState;
import io.scorestream.learn.StateStore;
import io.scorestream.model.LevelModel;
import io.scorestream.model.ModelInfo;
import io.scorestream.model.ModelStructure;
import io.scorestream.model.ModelTopicCodec;
import io.scorestream.model.ScoreModel;
import io.scorestream.regression.CellStatistics;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.ejml.data.DMatrixRMaj;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns the bands' solved levels into one immutable {@link ScoreModel} version, writes the snapshot
 * (statistics plus the Kafka offsets they absorbed) to the state store, and publishes the model to
 * the compacted model topic (chunked by level, see {@link ModelTopicCodec}) followed by a progress
 * record; every node's {@link ModelFollower} reads them from there.
 */
public final class ModelAssembler extends AbstractBehavior<ModelAssembler.Command> {

    public sealed interface Command extends CborSerializable {}

    public record Assemble(ModelStructure structure, List<BandRegressor.BandResult> bands, long modelVersion, long absorbed,
                           long deadLettered, Map<String, Long> deadLetteredByReason, double solveSeconds, Map<Integer, Long> nextOffsets, DMatrixRMaj recentSamples, long[] recentPositions,
                           ActorRef<Published> replyTo) implements Command {}

    /**
     * Reply to the partitioner: the snapshot of this version is in the state store and every record
     * of the version has reached the model topic (or failed to, with a warning), so that a drain that
     * waits for it leaves the model where the nodes' followers read it, not in a producer's buffer.
     */
    public record Published(long modelVersion) implements CborSerializable {}

    /** What a node's model followers announce for every new version. */
    public record ModelUpdated(ScoreModel model, long absorbed, long deadLettered, Map<Integer, Long> nextOffsets,
                               Map<String, Long> deadLetteredByReason, double solveSeconds) implements CborSerializable {}

    private final StateStore store;
    private final Producer<byte[], byte[]> producer;
    private final String modelTopic;
    /** The system's logger: the send callbacks run on the producer's thread, where the actor's context is not to be used. */
    private final org.slf4j.Logger log;

    public static Behavior<Command> create(StateStore store, StreamSettings settings) {
        return Behaviors.setup(ctx -> new ModelAssembler(ctx, store, Ingestor.producer(settings), settings.modelTopic()));
    }

    private ModelAssembler(ActorContext<Command> ctx, StateStore store, Producer<byte[], byte[]> producer, String modelTopic) {
        super(ctx);
        this.store = store;
        this.producer = producer;
        this.modelTopic = modelTopic;
        this.log = ctx.getSystem().log();
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Assemble.class, this::onAssemble)
                .onSignal(PostStop.class, s -> { producer.close(Duration.ofSeconds(5)); return this; })
                .build();
    }

    private Behavior<Command> onAssemble(Assemble m) {
        int levels = m.structure().levelCount();
        LevelModel[] models = new LevelModel[levels];
        CellStatistics[][] statistics = new CellStatistics[levels][];
        for (BandRegressor.BandResult band : m.bands()) {
            System.arraycopy(band.levels(), 0, models, band.firstLevel(), band.levels().length);
            System.arraycopy(band.statistics(), 0, statistics, band.firstLevel(), band.statistics().length);
        }
        long now = System.currentTimeMillis();
        ScoreModel model = new ScoreModel(m.structure().schedule(), m.structure().columns(), m.structure().split(), models,
                new ModelInfo(m.modelVersion(), m.absorbed(), m.structure().version(), now, "streaming"), m.structure().recordSchema());
        store.save(new LearnerState(m.structure(), statistics, m.absorbed(), m.deadLettered(), m.deadLetteredByReason(), m.nextOffsets(),
                m.modelVersion(), m.recentSamples(), m.recentPositions(), now));
        getContext().getLog().info("model v{}: {} samples absorbed, {} dead-lettered", m.modelVersion(), m.absorbed(), m.deadLettered());
        publish(model, new ModelFollower.Progress(m.modelVersion(), m.absorbed(), m.deadLettered(), m.nextOffsets(), m.deadLetteredByReason(), m.solveSeconds()),
                () -> m.replyTo().tell(new Published(m.modelVersion())));
        return this;
    }

    /**
     * Every node reads models from the topic; the state store stays the source of recovery. The
     * chunks' keys may fall in different partitions, so done runs once every send has completed.
     */
    private void publish(ScoreModel model, ModelFollower.Progress progress, Runnable done) {
        List<ModelTopicCodec.Chunk> chunks = ModelTopicCodec.encode(model);
        AtomicInteger pending = new AtomicInteger(chunks.size() + 1);
        Runnable sent = () -> { if (pending.decrementAndGet() == 0) done.run(); };
        for (ModelTopicCodec.Chunk chunk : chunks) send(model, chunk.key(), chunk.value(), sent);
        send(model, ModelFollower.PROGRESS_KEY, progress.toBytes(), sent);
    }

    /** Sends one record; sent runs on the producer's thread once the broker has it or it failed (logged). */
    private void send(ScoreModel model, String key, byte[] value, Runnable sent) {
        producer.send(new ProducerRecord<>(modelTopic, key.getBytes(StandardCharsets.UTF_8), value), (meta, error) -> {
            if (error != null) log.warn("model v{} record {} not published: {}", model.info().version(), key, error.toString());
            sent.run();
        });
    }
}
