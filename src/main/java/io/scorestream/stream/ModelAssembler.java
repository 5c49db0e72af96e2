package io.scorestream.stream;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.scorestream.learn.LearnerState;
import io.scorestream.learn.SnapshotStore;
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

import java.util.List;
import java.util.Map;

/**
 * Turns the bands' solved levels into one immutable {@link ScoreModel} version, writes the snapshot
 * (statistics plus the Kafka offsets they absorbed) atomically, publishes the model to the
 * compacted model topic (chunked by level, see {@link ModelTopicCodec}), and announces it to its
 * subscribers (the samplers, and whoever watches progress).
 */
public final class ModelAssembler extends AbstractBehavior<ModelAssembler.Command> {

    public sealed interface Command extends CborSerializable {}

    public record Assemble(ModelStructure structure, List<BandRegressor.BandResult> bands, long modelVersion, long absorbed,
                           long deadLettered, Map<Integer, Long> nextOffsets, DMatrixRMaj recentSamples, long[] recentPositions,
                           ActorRef<Published> replyTo) implements Command {}

    public record Subscribe(ActorRef<ModelUpdated> subscriber) implements Command {}

    /** Reply to the partitioner: the snapshot of this version is on disk. */
    public record Published(long modelVersion) implements CborSerializable {}

    /** What subscribers receive for every new version. */
    public record ModelUpdated(ScoreModel model, long absorbed, long deadLettered, Map<Integer, Long> nextOffsets) implements CborSerializable {}

    private final SnapshotStore store;
    private final Producer<byte[], byte[]> producer;
    private final String modelTopic;
    private final List<ActorRef<ModelUpdated>> subscribers = new java.util.ArrayList<>();

    public static Behavior<Command> create(SnapshotStore store, Producer<byte[], byte[]> producer, String modelTopic,
                                           List<ActorRef<ModelUpdated>> subscribers) {
        return Behaviors.setup(ctx -> new ModelAssembler(ctx, store, producer, modelTopic, subscribers));
    }

    private ModelAssembler(ActorContext<Command> ctx, SnapshotStore store, Producer<byte[], byte[]> producer, String modelTopic,
                           List<ActorRef<ModelUpdated>> subscribers) {
        super(ctx);
        this.store = store;
        this.producer = producer;
        this.modelTopic = modelTopic;
        this.subscribers.addAll(subscribers);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Assemble.class, this::onAssemble)
                .onMessage(Subscribe.class, m -> { subscribers.add(m.subscriber()); return this; })
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
        ScoreModel model = new ScoreModel(m.structure().schedule(), m.structure().standardiser(), models,
                new ModelInfo(m.modelVersion(), m.absorbed(), m.structure().version(), now, "streaming"));
        store.save(new LearnerState(m.structure(), statistics, m.absorbed(), m.deadLettered(), m.nextOffsets(),
                m.modelVersion(), m.recentSamples(), m.recentPositions(), now));
        getContext().getLog().info("model v{}: {} samples absorbed, {} dead-lettered", m.modelVersion(), m.absorbed(), m.deadLettered());
        publish(model);
        ModelUpdated update = new ModelUpdated(model, m.absorbed(), m.deadLettered(), m.nextOffsets());
        subscribers.forEach(s -> s.tell(update));
        m.replyTo().tell(new Published(m.modelVersion()));
        return this;
    }

    /** Other nodes read models from the topic; the local snapshot stays the source of recovery. */
    private void publish(ScoreModel model) {
        for (ModelTopicCodec.Chunk chunk : ModelTopicCodec.encode(model)) {
            producer.send(new ProducerRecord<>(modelTopic, chunk.key().getBytes(StandardCharsets.UTF_8), chunk.value()), (meta, error) -> {
                if (error != null) getContext().getSystem().log().warn("model v{} chunk {} not published: {}", model.info().version(), chunk.key(), error.toString());
            });
        }
    }
}
