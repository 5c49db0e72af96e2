package io.scorestream.stream;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import io.scorestream.model.ScoreModel;
import io.scorestream.sampler.SamplingPlan;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.ejml.data.DMatrixRMaj;

import java.time.Duration;
import java.util.function.Function;

/**
 * Generates samples from the newest model: on request, and, when configured, as a continuous
 * stream published to the generated-samples topic at a fixed rate.
 */
public final class SamplerActor extends AbstractBehavior<SamplerActor.Command> {

    public sealed interface Command extends CborSerializable {}

    /** plan null: the actor's configured sampler and grid. */
    public record Generate(int n, long seed, SamplingPlan plan, ActorRef<Generated> replyTo) implements Command {
        public Generate(int n, long seed, ActorRef<Generated> replyTo) { this(n, seed, null, replyTo); }
    }

    /** Rows in data units; modelVersion 0 and no rows when no model exists yet. */
    public record Generated(DMatrixRMaj rows, long modelVersion) implements CborSerializable {}

    private record NewModel(ModelAssembler.ModelUpdated update) implements Command {}
    private enum Tick implements Command { INSTANCE }

    private final SamplingPlan plan;
    private final double publishPerSecond;
    private final Producer<byte[], byte[]> producer;   // null when not publishing
    private final String topic;
    private final Function<double[], byte[]> encoder;
    private ScoreModel model;
    private long published, tickSeed;
    private double owed;

    /** A sampler that follows this node's newest model; publishes to topic when publishPerSecond > 0. */
    public static Behavior<Command> create(ActorRef<ModelFollower.Command> follower, SamplingPlan plan, double publishPerSecond,
                                           Producer<byte[], byte[]> producer, String topic, Function<double[], byte[]> encoder) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            follower.tell(new ModelFollower.Subscribe(ctx.messageAdapter(ModelAssembler.ModelUpdated.class, NewModel::new)));
            return new SamplerActor(ctx, timers, plan, publishPerSecond, producer, topic, encoder);
        }));
    }

    private SamplerActor(ActorContext<Command> ctx, TimerScheduler<Command> timers, SamplingPlan plan, double publishPerSecond,
                         Producer<byte[], byte[]> producer, String topic, Function<double[], byte[]> encoder) {
        super(ctx);
        this.plan = plan;
        this.publishPerSecond = publishPerSecond;
        this.producer = producer;
        this.topic = topic;
        this.encoder = encoder;
        if (publishPerSecond > 0 && producer != null) timers.startTimerAtFixedRate(Tick.INSTANCE, Duration.ofMillis(250));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Generate.class, this::onGenerate)
                .onMessage(NewModel.class, m -> { model = m.update().model(); return this; })
                .onMessageEquals(Tick.INSTANCE, this::onTick)
                .onSignal(PostStop.class, s -> { if (producer != null) producer.close(Duration.ZERO); return this; })
                .build();
    }

    private Behavior<Command> onGenerate(Generate m) {
        if (model == null) {
            m.replyTo().tell(new Generated(new DMatrixRMaj(0, 0), 0));
            return this;
        }
        m.replyTo().tell(new Generated(generate(m.n(), m.seed(), m.plan() == null ? plan : m.plan()), model.info().version()));
        return this;
    }

    private Behavior<Command> onTick() {
        if (model == null) return this;
        owed += publishPerSecond / 4;
        int n = (int) owed;
        if (n == 0) return this;
        owed -= n;
        DMatrixRMaj rows = generate(n, ++tickSeed, plan);
        double[] row = new double[rows.numCols];
        for (int i = 0; i < n; i++) {
            System.arraycopy(rows.data, i * rows.numCols, row, 0, rows.numCols);
            producer.send(new ProducerRecord<>(topic, encoder.apply(row)));
        }
        published += n;
        return this;
    }

    private DMatrixRMaj generate(int n, long seed, SamplingPlan with) {
        DMatrixRMaj x = with.sample(model, model.schedule(), n, seed);
        model.toData(x);
        return x;
    }
}
