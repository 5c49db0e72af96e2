package io.scorestream.stream;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.Entity;
import akka.cluster.typed.ClusterSingleton;
import akka.cluster.typed.SingletonActor;
import io.scorestream.kafka.KafkaStateStore;
import io.scorestream.kafka.Topics;
import io.scorestream.learn.SnapshotStore;
import io.scorestream.learn.StateStore;

import java.util.function.Supplier;

/**
 * One ScoreStream node of an Akka Cluster (a single node is a cluster of one). Every node hosts
 * its share of the band regressors (Cluster Sharding), a reader of the samples topic (one member of
 * the consumer group), a follower of the model topic and a sampler; the partitioner, with the model
 * assembler under it, runs once in the cluster as a singleton and moves when its node leaves.
 */
public final class ScoreStreamNode extends AbstractBehavior<ScoreStreamNode.Command> {

    public sealed interface Command extends CborSerializable {}

    public record GetSampler(ActorRef<ActorRef<SamplerActor.Command>> replyTo) implements Command {}

    public record GetProgress(ActorRef<Partitioner.Progress> replyTo) implements Command {}

    /** The Kafka partitions this node's learner owns (partition-local record path; empty on the singleton path). */
    public record GetOwnedPartitions(ActorRef<java.util.Set<Integer>> replyTo) implements Command {}

    /** Stop this node's reader, let its batches finish, write a snapshot, then reply. */
    public record Drain(ActorRef<Done> replyTo) implements Command {}

    private final ActorRef<Partitioner.Command> partitioner;          // the singleton record path (else null)
    private final ActorRef<RecordPlanner.Command> planner;           // the partition-local record path (else null)
    private final ActorRef<PartitionLearner.Command> learner;
    private final ActorRef<SamplerActor.Command> sampler;
    private final ActorRef<Ingestor.Command> ingestor;

    /** A node; listener (may be null) hears of every model version this node learns of, restarts of every restart of its reader. */
    /** stores: every snapshot store the node opens is registered there, for its owner to close once the actor system has terminated. */
    public static Behavior<Command> create(StreamSettings settings, ActorRef<ModelAssembler.ModelUpdated> listener, ReaderRestarts restarts, OpenStores stores) {
        return Behaviors.setup(ctx -> new ScoreStreamNode(ctx, settings, listener, restarts, stores));
    }

    private ScoreStreamNode(ActorContext<Command> ctx, StreamSettings s, ActorRef<ModelAssembler.ModelUpdated> listener, ReaderRestarts restarts, OpenStores stores) {
        super(ctx);
        ctx.getLog().info("record path: {}", s.describeRecordPath());
        // Caveats about the feed's fields, as warnings: seen at the default log levels.
        String presence = s.presenceNotice(), leftOut = s.leftOutNotice();
        if (presence != null) ctx.getLog().warn(presence);
        if (leftOut != null) ctx.getLog().warn(leftOut);
        StateStore store = stores.add(stateStore(s, ""));
        Supplier<StateStore> checkedStore = () -> {
            if (!s.snapshotTopic().isEmpty()) Topics.ensureCompacted(s.kafkaProperties(), s.snapshotTopic());
            return store;
        };
        if (s.recordPath() == StreamSettings.RecordPath.PARTITION_LOCAL) {
            // No actor on the path of every record: this node's learner absorbs the partitions it owns;
            // the planner singleton plans once and merges their statistics per model version.
            StateStore planStore = stores.add(stateStore(s, "plan"));
            this.planner = ClusterSingleton.get(ctx.getSystem()).init(SingletonActor.of(RecordPlanner.create(s, checkedStore, () -> planStore, partitionStores(s, stores)), "planner")
                    .withStopMessage(RecordPlanner.Stop.INSTANCE)
                    .withProps(DispatcherSelector.blocking()));
            this.learner = ctx.spawn(PartitionLearner.create(s, planner, partitionStores(s, stores), restarts), "learner", DispatcherSelector.blocking());
            this.partitioner = null;
            this.ingestor = null;
        } else {
            ClusterSharding.get(ctx.getSystem()).init(Entity.of(BandRegressor.TYPE_KEY, entity -> BandRegressor.create(entity.getEntityId()))
                    .withStopMessage(BandRegressor.Leave.INSTANCE));
            // Planning is seconds of CPU and snapshots are blocking I/O: keep them off the default dispatcher.
            this.partitioner = ClusterSingleton.get(ctx.getSystem()).init(SingletonActor.of(Partitioner.create(s, checkedStore), "partitioner")
                    .withStopMessage(Partitioner.Stop.INSTANCE)
                    .withProps(DispatcherSelector.blocking()));
            this.planner = null;
            this.learner = null;
            this.ingestor = ctx.spawn(Ingestor.create(s, s.codec(s.dimension()), partitioner, restarts), "ingestor");
        }
        ActorRef<ModelFollower.Command> follower = ctx.spawn(ModelFollower.create(s), "model-follower");
        if (listener != null) follower.tell(new ModelFollower.Subscribe(listener));
        this.sampler = ctx.spawn(SamplerActor.create(follower, s.sampler(), s.publishPerSecond(),
                s.publishPerSecond() > 0 ? Ingestor.producer(s) : null, s.generatedTopic(), s.connectEnvelope()), "sampler");
    }

    /** One store per partition, made once (a Kafka store keeps its producer): each partition's snapshots under keys of its own. */
    private static java.util.function.IntFunction<StateStore> partitionStores(StreamSettings s, OpenStores open) {
        java.util.Map<Integer, StateStore> stores = new java.util.concurrent.ConcurrentHashMap<>();
        return p -> stores.computeIfAbsent(p, q -> open.add(stateStore(s, String.format("partition-%04d", q))));
    }

    /**
     * The store's warnings (a corrupt snapshot skipped) are logged by the partitioner and the
     * assembler on their own threads, so they must not go through this actor's context: its logger
     * throws when called from outside the actor, which turned every skipped snapshot into a failed
     * epoch, restarted for ever instead of falling back to the previous snapshot.
     */
    private static StateStore stateStore(StreamSettings s, String name) {
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(StateStore.class);
        if (s.snapshotTopic().isEmpty()) return new SnapshotStore(name.isEmpty() ? s.snapshotDir() : s.snapshotDir().resolve(name), log::warn);
        return new KafkaStateStore(s.kafkaProperties(), s.snapshotTopic(), log::warn, name.isEmpty() ? "" : name + "/");
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(GetSampler.class, m -> { m.replyTo().tell(sampler); return this; })
                .onMessage(GetProgress.class, m -> {
                    if (planner != null) planner.tell(new RecordPlanner.GetProgress(m.replyTo()));
                    else partitioner.tell(new Partitioner.GetProgress(m.replyTo()));
                    return this;
                })
                .onMessage(GetOwnedPartitions.class, m -> {
                    if (learner != null) learner.tell(new PartitionLearner.GetOwned(m.replyTo()));
                    else m.replyTo().tell(java.util.Set.of());
                    return this;
                })
                .onMessage(Drain.class, m -> {
                    if (learner != null) learner.tell(new PartitionLearner.Drain(m.replyTo()));
                    else ingestor.tell(new Ingestor.Drain(m.replyTo()));
                    return this;
                })
                .build();
    }
}
