package io.scorestream.stream;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.PreRestart;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.japi.Pair;
import akka.kafka.javadsl.Consumer;
import io.scorestream.learn.LearnerState;
import io.scorestream.learn.SnapshotStore;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The supervisor of one learning pipeline: it loads the newest snapshot, starts the band
 * regressors, the assembler, the sampler and the partitioner, and runs the ingest stream from the
 * snapshot's offsets. Any failure below it (an actor, the stream, the broker going away for good)
 * fails this actor, and its parent restarts it with back-off — which reloads the newest snapshot,
 * so what was absorbed is neither lost nor counted twice.
 */
public final class LearningSystem extends AbstractBehavior<LearningSystem.Command> {

    public sealed interface Command extends CborSerializable {}

    public record GetSampler(ActorRef<ActorRef<SamplerActor.Command>> replyTo) implements Command {}

    public record GetProgress(ActorRef<Partitioner.Progress> replyTo) implements Command {}

    /** Stop consuming, let in-flight batches finish, write a final snapshot, then reply. */
    public record Drain(ActorRef<Done> replyTo) implements Command {}

    private record StreamEnded(Throwable failure) implements Command {}
    private record Drained(ActorRef<Done> replyTo) implements Command {}

    private final StreamSettings settings;
    private final Producer<byte[], byte[]> deadLetters;   // also carries the model topic
    private final ActorRef<SamplerActor.Command> sampler;
    private final ActorRef<Partitioner.Command> partitioner;
    private final Consumer.Control control;
    private final CompletionStage<Done> streamDone;
    private boolean draining;

    /** The pipeline under a restart-with-back-off supervisor; listener (may be null) sees every model. */
    public static Behavior<Command> create(StreamSettings settings, ActorRef<ModelAssembler.ModelUpdated> listener) {
        return Behaviors.supervise(Behaviors.<Command>setup(ctx -> new LearningSystem(ctx, settings, listener)))
                .onFailure(SupervisorStrategy.restartWithBackoff(settings.minBackoff(), settings.maxBackoff(), 0.2));
    }

    private LearningSystem(ActorContext<Command> ctx, StreamSettings s, ActorRef<ModelAssembler.ModelUpdated> listener) {
        super(ctx);
        this.settings = s;
        SnapshotStore store = new SnapshotStore(s.snapshotDir(), w -> ctx.getLog().warn(w));
        LearnerState restored = store.loadLatest().orElse(null);
        if (restored != null)
            ctx.getLog().info("resuming from snapshot v{}: {} absorbed, offsets {}", restored.modelVersion(), restored.absorbed(), restored.nextOffsets());

        int levels = restored != null ? restored.structure().levelCount() : s.levels();
        int perBand = (levels + s.levelBands() - 1) / s.levelBands();
        List<ActorRef<BandRegressor.Command>> bands = new ArrayList<>();
        for (int first = 0, b = 0; first < levels; first += perBand, b++) {
            ActorRef<BandRegressor.Command> band = ctx.spawn(
                    BandRegressor.create(first, Math.min(perBand, levels - first), s.seed(), s.forgetting(), 1e-4), "band-" + b);
            ctx.watch(band);
            bands.add(band);
        }
        this.deadLetters = producer(s);
        ActorRef<ModelAssembler.Command> assembler = ctx.spawn(ModelAssembler.create(store, deadLetters, s.modelTopic(),
                listener == null ? List.of() : List.of(listener)), "assembler");
        ctx.watch(assembler);
        RecordCodec codec = new RecordCodec(RecordCodec.Format.valueOf(s.format().toUpperCase()), s.dimension(), s.maxRecordBytes());
        this.sampler = ctx.spawn(SamplerActor.create(assembler, s.sampler(), s.publishPerSecond(),
                s.publishPerSecond() > 0 ? producer(s) : null, s.generatedTopic(), codec::encode), "sampler");
        ctx.watch(sampler);
        this.partitioner = ctx.spawn(Partitioner.create(s, bands, assembler, restored), "partitioner");
        ctx.watch(partitioner);

        Pair<Consumer.Control, CompletionStage<Done>> stream = IngestStream.run(ctx.getSystem(), s,
                restored == null ? Map.of() : restored.nextOffsets(), codec, deadLetters, partitioner);
        this.control = stream.first();
        this.streamDone = stream.second();
        ctx.pipeToSelf(streamDone, (done, failure) -> new StreamEnded(failure));
    }

    static Producer<byte[], byte[]> producer(StreamSettings s) {
        Map<String, Object> props = new HashMap<>(s.kafkaProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(GetSampler.class, m -> { m.replyTo().tell(sampler); return this; })
                .onMessage(GetProgress.class, m -> { partitioner.tell(new Partitioner.GetProgress(m.replyTo())); return this; })
                .onMessage(Drain.class, this::onDrain)
                .onMessage(Drained.class, this::onDrained)
                .onMessage(StreamEnded.class, this::onStreamEnded)
                // A restart delivers PreRestart, not PostStop: without this the old consumer would
                // keep its partitions in the group and starve the new incarnation.
                .onSignal(PreRestart.class, s -> onStop())
                .onSignal(PostStop.class, s -> onStop())
                .build();
    }

    private Behavior<Command> onDrain(Drain m) {
        draining = true;
        getContext().pipeToSelf(control.drainAndShutdown(streamDone, getContext().getExecutionContext()),
                (done, failure) -> new Drained(m.replyTo()));
        return this;
    }

    private Behavior<Command> onDrained(Drained m) {
        partitioner.tell(new Partitioner.Flush(m.replyTo()));
        return this;
    }

    private Behavior<Command> onStreamEnded(StreamEnded m) {
        if (draining) return this;
        throw new IllegalStateException("ingest stream ended" + (m.failure() == null ? "" : ": " + m.failure()), m.failure());
    }

    private Behavior<Command> onStop() {
        control.shutdown();
        deadLetters.close(Duration.ofSeconds(1));
        return this;
    }
}
