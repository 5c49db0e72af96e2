package io.scorestream.stream;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.Config;
import io.scorestream.http.HealthServer;
import org.ejml.data.DMatrixRMaj;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One running ScoreStream node: an actor system around a supervised {@link LearningSystem}. What
 * {@code scorestream run} and {@code demo} start, and what tests drive.
 */
public final class ScoreStreamService implements AutoCloseable {
    private final ActorSystem<LearningSystem.Command> system;
    private final StreamSettings settings;
    private final AtomicReference<ModelAssembler.ModelUpdated> latest;
    private final HealthServer health;   // null when scorestream.http.enabled = false

    private ScoreStreamService(ActorSystem<LearningSystem.Command> system, StreamSettings settings,
                               AtomicReference<ModelAssembler.ModelUpdated> latest, Config config) {
        this.system = system;
        this.settings = settings;
        this.latest = latest;
        Config http = config.getConfig("scorestream.http");
        this.health = !http.getBoolean("enabled") ? null : HealthServer.start(system, http.getString("host"), http.getInt("port"),
                () -> latest.get() == null ? Optional.of("no model yet") : Optional.empty());
    }

    /** Starts a node; onModel (may be null) is called on an actor thread for every new model version. */
    public static ScoreStreamService start(Config config, Consumer<ModelAssembler.ModelUpdated> onModel) {
        StreamSettings settings = StreamSettings.from(config);
        AtomicReference<ModelAssembler.ModelUpdated> latest = new AtomicReference<>();
        Behavior<LearningSystem.Command> root = Behaviors.setup(ctx -> {
            ActorRef<ModelAssembler.ModelUpdated> listener = ctx.spawn(Behaviors.receiveMessage(m -> {
                latest.set(m);
                if (onModel != null) onModel.accept(m);
                return Behaviors.same();
            }), "model-listener");
            ActorRef<LearningSystem.Command> learning = ctx.spawn(LearningSystem.create(settings, listener), "learning");
            return Behaviors.receiveMessage(m -> { learning.tell(m); return Behaviors.same(); });
        });
        ActorSystem<LearningSystem.Command> system = ActorSystem.create(root, "scorestream", config);
        try {
            return new ScoreStreamService(system, settings, latest, config);
        } catch (RuntimeException e) {
            system.terminate();
            throw e;
        }
    }

    public StreamSettings settings() { return settings; }

    /** The port /health and /ready are served on, or -1 when disabled. */
    public int healthPort() { return health == null ? -1 : health.port(); }

    /** n samples from the newest model (no rows while there is none yet). */
    public SamplerActor.Generated generate(int n, long seed, Duration timeout) {
        CompletionStage<SamplerActor.Generated> reply = AskPattern.<LearningSystem.Command, ActorRef<SamplerActor.Command>>ask(
                        system, LearningSystem.GetSampler::new, timeout, system.scheduler())
                .thenCompose(sampler -> AskPattern.ask(sampler, replyTo -> new SamplerActor.Generate(n, seed, replyTo), timeout, system.scheduler()));
        return await(reply, timeout);
    }

    /** Records absorbed and dead-lettered so far (not only as of the last model). */
    public Partitioner.Progress progress(Duration timeout) {
        return await(AskPattern.<LearningSystem.Command, Partitioner.Progress>ask(system, LearningSystem.GetProgress::new, timeout, system.scheduler()), timeout);
    }

    /** Waits until absorbed plus dead-lettered records reach n. */
    public Partitioner.Progress awaitConsumed(long n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Partitioner.Progress p = null;
        while (System.nanoTime() < deadline) {
            try {
                p = progress(Duration.ofSeconds(5));
                if (p.absorbed() + p.deadLettered() >= n) return p;
            } catch (IllegalStateException restarting) {
                // the pipeline may be restarting after a failure; ask again
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("consumed " + (p == null ? "?" : (p.absorbed() + p.deadLettered())) + " of " + n + " records within " + timeout);
    }

    /** Drains the stream and writes a final snapshot (what SIGTERM does). */
    public void drain(Duration timeout) {
        await(AskPattern.<LearningSystem.Command, Done>ask(system, LearningSystem.Drain::new, timeout, system.scheduler()), timeout);
    }

    /** Stops at once, without draining: what a crash looks like to the snapshot directory. */
    public void kill() {
        if (health != null) health.close();
        system.terminate();
        await(system.getWhenTerminated(), Duration.ofSeconds(30));
    }

    @Override
    public void close() { kill(); }

    private static <T> T await(CompletionStage<T> stage, Duration timeout) {
        try {
            return stage.toCompletableFuture().get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e.toString(), e);
        }
    }

    /** Convenience for callers that only need the rows. */
    public DMatrixRMaj samples(int n, long seed) { return generate(n, seed, Duration.ofSeconds(60)).rows(); }
}
