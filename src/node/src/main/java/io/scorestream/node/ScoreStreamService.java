package io.scorestream.node;

import io.scorestream.stream.BandRegressor;
import io.scorestream.stream.ModelAssembler;
import io.scorestream.stream.ModelTopicTail;
import io.scorestream.stream.OpenStores;
import io.scorestream.stream.Partitioner;
import io.scorestream.stream.ReaderRestarts;
import io.scorestream.stream.SamplerActor;
import io.scorestream.stream.ScoreStreamNode;
import io.scorestream.stream.StreamSettings;
import io.scorestream.sampler.SamplingPlan;
import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.Config;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import akka.management.javadsl.AkkaManagement;
import akka.management.cluster.bootstrap.ClusterBootstrap;
import io.scorestream.http.TopicOffsets;
import io.scorestream.http.NodeHttpServer;
import io.scorestream.http.NodeMetrics;
import io.scorestream.http.RecentRecords;
import org.ejml.data.DMatrixRMaj;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One running ScoreStream node: an actor system, a member of an Akka Cluster, around a
 * {@link ScoreStreamNode}. It joins the seed nodes of the configuration, or the nodes Akka
 * Management's cluster bootstrap discovers, or — with neither — forms a cluster of one. What
 * {@code scorestream run} and {@code demo} start, and what tests drive.
 */
public final class ScoreStreamService implements AutoCloseable {
    private final ActorSystem<ScoreStreamNode.Command> system;
    private final StreamSettings settings;
    private final AtomicReference<ModelAssembler.ModelUpdated> latest;
    private final NodeMetrics metrics;
    private final NodeHttpServer http;   // null when scorestream.http.enabled = false
    private final OpenStores stores;

    private ScoreStreamService(ActorSystem<ScoreStreamNode.Command> system, StreamSettings settings,
                               AtomicReference<ModelAssembler.ModelUpdated> latest, NodeMetrics metrics, Config config, OpenStores stores) {
        this.system = system;
        this.stores = stores;
        this.settings = settings;
        this.latest = latest;
        this.metrics = metrics;
        Config http = config.getConfig("scorestream.http");
        this.http = !http.getBoolean("enabled") ? null : NodeHttpServer.start(system, NodeHttpServer.Settings.from(http), new NodeHttpServer.Node() {
            @Override public ModelAssembler.ModelUpdated latest() { return latest.get(); }
            @Override public CompletionStage<SamplerActor.Generated> generate(int n, long seed, SamplingPlan plan, Duration timeout) { return generateAsync(n, seed, plan, timeout); }
            @Override public CompletionStage<Partitioner.Progress> progress(Duration timeout) { return progressAsync(timeout); }
        }, metrics, new TopicOffsets(settings.samplesConsumerProperties(), settings.samplesTopic()),
                new RecentRecords(settings.samplesConsumerProperties(), settings.samplesTopic(), () -> settings.codec(-1)));
    }

    /** Starts a node; onModel (may be null) is called on an actor thread for every new model version. */
    public static ScoreStreamService start(Config config, Consumer<ModelAssembler.ModelUpdated> onModel) {
        StreamSettings settings = StreamSettings.from(config);
        AtomicReference<ModelAssembler.ModelUpdated> latest = new AtomicReference<>();
        ReaderRestarts restarts = new ReaderRestarts();
        NodeMetrics metrics = new NodeMetrics(restarts);
        OpenStores stores = new OpenStores();
        metrics.recordPath(settings.recordPath().configName(), settings.recordPathAuto());
        Behavior<ScoreStreamNode.Command> root = Behaviors.setup(ctx -> {
            join(ctx.getSystem(), config);
            ActorRef<ModelAssembler.ModelUpdated> listener = ctx.spawn(Behaviors.receiveMessage(m -> {
                metrics.modelUpdated(m);
                // latest last: a drain waits until latest holds its model, and by then onModel has seen it
                try {
                    if (onModel != null) onModel.accept(m);
                } finally {
                    latest.set(m);
                }
                return Behaviors.same();
            }), "model-listener");
            ActorRef<ScoreStreamNode.Command> node = ctx.spawn(ScoreStreamNode.create(settings, listener, restarts, stores), "node");
            return Behaviors.receiveMessage(m -> { node.tell(m); return Behaviors.same(); });
        });
        ActorSystem<ScoreStreamNode.Command> system = ActorSystem.create(root, "scorestream", config);
        // Also when the system ends on its own (downed, or a fatal error), not only by kill().
        system.getWhenTerminated().thenRun(stores::close);
        try {
            return new ScoreStreamService(system, settings, latest, metrics, config, stores);
        } catch (RuntimeException e) {
            system.terminate();
            throw e;
        }
    }

    private static void join(ActorSystem<?> system, Config config) {
        Cluster cluster = Cluster.get(system);
        if (config.getBoolean("scorestream.cluster.bootstrap")) {
            AkkaManagement.get(system).start();
            ClusterBootstrap.get(system).start();
        } else if (config.getStringList("akka.cluster.seed-nodes").isEmpty()) {
            cluster.manager().tell(Join.create(cluster.selfMember().address()));
        }   // else Akka joins the seed nodes by itself
    }

    public StreamSettings settings() { return settings; }

    /** This node's cluster address (host:port of Akka remoting). */
    public String address() { return Cluster.get(system).selfMember().address().toString(); }

    /** Ids of the band regressors this node hosts now (Cluster Sharding decides). */
    public java.util.Set<String> localBands(Duration timeout) {
        CompletionStage<akka.cluster.sharding.ShardRegion.CurrentShardRegionState> state = AskPattern.ask(
                akka.cluster.sharding.typed.javadsl.ClusterSharding.get(system).shardState(),
                replyTo -> new akka.cluster.sharding.typed.GetShardRegionState(BandRegressor.TYPE_KEY, replyTo), timeout, system.scheduler());
        java.util.Set<String> ids = new java.util.TreeSet<>();
        for (akka.cluster.sharding.ShardRegion.ShardState shard : await(state, timeout).getShards()) ids.addAll(shard.getEntityIds());
        return ids;
    }

    /** The Kafka partitions this node's learner owns now (partition-local record path; empty on the singleton path). */
    public java.util.Set<Integer> localPartitions(Duration timeout) {
        return await(AskPattern.<ScoreStreamNode.Command, java.util.Set<Integer>>ask(system, ScoreStreamNode.GetOwnedPartitions::new, timeout, system.scheduler()), timeout);
    }

    /** Members of the cluster this node sees as Up. */
    public int membersUp() {
        int up = 0;
        for (akka.cluster.Member m : Cluster.get(system).state().getMembers())
            if (m.status() == akka.cluster.MemberStatus.up()) up++;
        return up;
    }

    /** The port the HTTP endpoints (/health, /ready, /model, /samples, /metrics) are served on, or -1 when disabled. */
    public int healthPort() { return http == null ? -1 : http.port(); }

    /** This node's Prometheus metrics (what GET /metrics shows). */
    public NodeMetrics metrics() { return metrics; }

    /** n samples from the newest model (no rows while there is none yet). */
    public SamplerActor.Generated generate(int n, long seed, Duration timeout) {
        return await(generateAsync(n, seed, null, timeout), timeout);
    }

    private CompletionStage<SamplerActor.Generated> generateAsync(int n, long seed, SamplingPlan plan, Duration timeout) {
        return AskPattern.<ScoreStreamNode.Command, ActorRef<SamplerActor.Command>>ask(
                        system, ScoreStreamNode.GetSampler::new, timeout, system.scheduler())
                .thenCompose(sampler -> AskPattern.ask(sampler, replyTo -> new SamplerActor.Generate(n, seed, plan, replyTo), timeout, system.scheduler()));
    }

    /** Records absorbed and dead-lettered so far (not only as of the last model). */
    public Partitioner.Progress progress(Duration timeout) {
        return await(progressAsync(timeout), timeout);
    }

    private CompletionStage<Partitioner.Progress> progressAsync(Duration timeout) {
        return AskPattern.<ScoreStreamNode.Command, Partitioner.Progress>ask(system, ScoreStreamNode.GetProgress::new, timeout, system.scheduler());
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

    /** How long a drained node waits for its follower to announce the model the drain published. */
    private static final Duration ANNOUNCE_WAIT = Duration.ofSeconds(10);

    /**
     * Drains the stream and writes a final snapshot (what SIGTERM does), then waits (at most
     * {@link #ANNOUNCE_WAIT}) until this node has announced the newest model on the model topic:
     * the drain's model reaches onModel (a {@code run}'s last "model vN" line) before the node stops.
     */
    public void drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        await(AskPattern.<ScoreStreamNode.Command, Done>ask(system, ScoreStreamNode.Drain::new, timeout, system.scheduler()), timeout);
        long wait = Math.min(ANNOUNCE_WAIT.toNanos(), deadline - System.nanoTime());
        if (wait > 0) awaitAnnounced(System.nanoTime() + wait);
    }

    private void awaitAnnounced(long deadline) {
        OptionalLong newest = ModelTopicTail.newestVersion(settings.kafkaProperties(), settings.modelTopic(), Duration.ofNanos(deadline - System.nanoTime()));
        if (newest.isEmpty()) return;
        while (System.nanoTime() < deadline) {
            ModelAssembler.ModelUpdated announced = latest.get();
            if (announced != null && announced.model().info().version() >= newest.getAsLong()) return;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Stops at once, without draining: what a crash looks like to the snapshot directory. */
    public void kill() {
        if (http != null) http.close();
        system.terminate();
        await(system.getWhenTerminated(), Duration.ofSeconds(30));
        stores.close();   // once nothing can save to them: their producers stop with the node
    }

    /** How many snapshot stores this node holds open (none once it has stopped). */
    public int openStores() { return stores.size(); }

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
