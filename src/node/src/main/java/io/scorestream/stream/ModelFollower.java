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
import akka.kafka.ConsumerSettings;
import akka.kafka.Subscriptions;
import akka.kafka.javadsl.Consumer;
import akka.stream.javadsl.Keep;
import akka.stream.javadsl.Sink;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scorestream.kafka.Topics;
import io.scorestream.model.ModelCodec;
import io.scorestream.model.ModelTopicCodec;
import io.scorestream.model.ScoreModel;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * Keeps the newest model on this node by reading the compacted model topic from its beginning and
 * following it: every node serves samples from the newest model, whichever node learned it, and a
 * node that starts later finds the current model at once. A version is announced once all its level
 * chunks and its progress record (absorbed, dead-lettered, offsets) have arrived.
 */
public final class ModelFollower extends AbstractBehavior<ModelFollower.Command> {
    /** Key of the record that follows a model's chunks: the stream progress that model reflects. */
    public static final String PROGRESS_KEY = "progress";
    private static final ObjectMapper JSON = new ObjectMapper();

    public sealed interface Command extends CborSerializable {}

    public record Subscribe(ActorRef<ModelAssembler.ModelUpdated> subscriber) implements Command {}

    private record Newer(ModelAssembler.ModelUpdated update) implements Command {}
    /** The end of the stream this incarnation started (a restarted actor keeps its address: an older stream's end must not count). */
    private record StreamEnded(long stream, Throwable failure) implements Command {}

    /** The progress record's content (JSON). */
    public record Progress(long version, long absorbed, long deadLettered, Map<Integer, Long> nextOffsets,
                           Map<String, Long> deadLetteredByReason, double solveSeconds) implements CborSerializable {
        byte[] toBytes() {
            try {
                return JSON.writeValueAsBytes(this);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        public static Progress fromBytes(byte[] bytes) throws IOException { return JSON.readValue(bytes, Progress.class); }
    }

    private final List<ActorRef<ModelAssembler.ModelUpdated>> subscribers = new ArrayList<>();
    private static final java.util.concurrent.atomic.AtomicLong STREAMS = new java.util.concurrent.atomic.AtomicLong();
    private final long streamId = STREAMS.incrementAndGet();
    private final Consumer.Control control;
    private ModelAssembler.ModelUpdated newest;

    public static Behavior<Command> create(StreamSettings settings) {
        return Behaviors.supervise(Behaviors.<Command>setup(ctx -> new ModelFollower(ctx, settings)))
                .onFailure(SupervisorStrategy.restartWithBackoff(settings.minBackoff(), settings.maxBackoff(), 0.2));
    }

    private ModelFollower(ActorContext<Command> ctx, StreamSettings s) {
        super(ctx);
        Topics.ensureCompacted(s.kafkaProperties(), s.modelTopic());
        ConsumerSettings<byte[], byte[]> consumer = ConsumerSettings.create(ctx.getSystem(), new ByteArrayDeserializer(), new ByteArrayDeserializer())
                .withBootstrapServers(s.bootstrapServers())
                .withGroupId(s.groupId() + ".model-follower." + UUID.randomUUID())   // every node reads every record
                .withProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
                .withProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false")
                .withProperty(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(4 * 1024 * 1024))
                .withStopTimeout(Duration.ZERO);
        for (Map.Entry<String, String> e : s.clientProperties().entrySet()) consumer = consumer.withProperty(e.getKey(), e.getValue());
        TopicState state = new TopicState(ctx.getLog()::warn);
        ActorRef<Command> self = ctx.getSelf();
        Pair<Consumer.Control, CompletionStage<Done>> stream = Consumer.plainSource(consumer, Subscriptions.topics(s.modelTopic()))
                .groupedWithin(1000, Duration.ofMillis(100))
                .map(state::add)
                .toMat(Sink.foreach(update -> update.ifPresent(u -> self.tell(new Newer(u)))), Keep.both())
                .run(ctx.getSystem());
        this.control = stream.first();
        ctx.pipeToSelf(stream.second(), (done, failure) -> new StreamEnded(streamId, failure));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Subscribe.class, this::onSubscribe)
                .onMessage(Newer.class, this::onNewer)
                .onMessage(StreamEnded.class, m -> {
                    if (m.stream() != streamId) return this;   // the reader of an earlier incarnation
                    throw new IllegalStateException("model topic reader ended", m.failure());
                })
                .onSignal(PreRestart.class, s -> { control.shutdown(); return this; })
                .onSignal(PostStop.class, s -> { control.shutdown(); return this; })
                .build();
    }

    private Behavior<Command> onSubscribe(Subscribe m) {
        subscribers.add(m.subscriber());
        if (newest != null) m.subscriber().tell(newest);
        return this;
    }

    private Behavior<Command> onNewer(Newer m) {
        if (newest != null && m.update().model().info().version() <= newest.model().info().version()) return this;
        newest = m.update();
        subscribers.forEach(s -> s.tell(newest));
        return this;
    }

    /** What has been read of the topic: model chunks by version, and the progress records. */
    private static final class TopicState {
        private final java.util.function.Consumer<String> warnings;
        private ModelTopicCodec.Reader reader = new ModelTopicCodec.Reader();
        private final Map<Long, Progress> progress = new HashMap<>();
        private long announced;

        TopicState(java.util.function.Consumer<String> warnings) { this.warnings = warnings; }

        Optional<ModelAssembler.ModelUpdated> add(List<ConsumerRecord<byte[], byte[]>> records) {
            for (ConsumerRecord<byte[], byte[]> r : records) {
                if (r.value() == null) continue;
                String source = r.topic() + "/" + r.partition() + "/" + r.offset();
                try {
                    if (r.key() != null && PROGRESS_KEY.equals(new String(r.key(), StandardCharsets.UTF_8))) {
                        Progress p = Progress.fromBytes(r.value());
                        progress.put(p.version(), p);
                    } else {
                        reader.add(r.value(), source);
                    }
                } catch (ModelCodec.InvalidModelException | IOException e) {
                    warnings.accept("skipping model topic record " + source + ": " + e.getMessage());
                }
            }
            Optional<ScoreModel> model = reader.newestComplete();
            if (model.isEmpty() || model.get().info().version() <= announced) return Optional.empty();
            long version = model.get().info().version();
            Progress p = progress.get(version);
            if (p == null) return Optional.empty();   // its progress record is still on the way
            announced = version;
            reader.dropThrough(version);
            progress.keySet().removeIf(v -> v <= version);
            return Optional.of(new ModelAssembler.ModelUpdated(model.get(), p.absorbed(), p.deadLettered(), p.nextOffsets(),
                    p.deadLetteredByReason() == null ? Map.of() : p.deadLetteredByReason(), p.solveSeconds()));
        }
    }
}
