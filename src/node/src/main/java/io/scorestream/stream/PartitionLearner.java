package io.scorestream.stream;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.receptionist.Receptionist;
import akka.actor.typed.receptionist.ServiceKey;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.scorestream.learn.LearnerState;
import io.scorestream.learn.StateStore;
import io.scorestream.model.ModelStructure;
import io.scorestream.regression.CellStatistics;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * The partition-local record path on one node (scorestream.cluster.record-path = partition-local;
 * docs/architecture.md §3, RELIABILITY.md P1–P7). This node's {@link IngestStream} speaks to it as
 * to the partitioner — same messages — but it runs on the node itself: the records of the Kafka
 * partitions the consumer group gave this node never leave it.
 *
 * <p>Per partition p it holds a {@link PartitionState}: statistics of every level, the next offset
 * (in the {@link OffsetLedger}) and the counts, changed together in one handler, so they always
 * describe one prefix of p (P1). When Kafka gives it p, it loads p's newest snapshot and reads on
 * from that snapshot's offset, unless what it still holds of p is further (P4): any complete
 * snapshot, and any state, is an exact prefix. It snapshots p (statistics and offset in one
 * record, P3) on p's own cadence — once p has moved model-every-samples offsets since its last
 * snapshot, at every model-max-age version and on a drain — not on every version: a model may
 * hold more of p than p's newest snapshot, which a new owner then re-reads to the same state (P2).
 */
public final class PartitionLearner extends AbstractBehavior<PartitionLearner.Command> {

    /** How the planner finds the learner of every node. */
    public static final ServiceKey<Command> SERVICE_KEY = ServiceKey.create(Command.class, "scorestream-partition-learner");

    public sealed interface Command extends CborSerializable {}

    /** The structure the planner chose; the first one starts this node's reader. */
    public record UseStructure(ModelStructure structure) implements Command {}

    /**
     * Send the statistics of the partitions this node owns to the planner, then
     * {@link RecordPlanner.LearnerReported}: summed, one {@link RecordPlanner.NodeReport} naming the
     * partitions in the sum and the prefix of each (one set of statistics per node); else one
     * {@link RecordPlanner.PartitionReport} per partition (the planner's fallback while a rebalance
     * leaves two nodes claiming a partition, RELIABILITY.md P5). First snapshot each owned partition
     * whose offset moved at least snapshotAfter since its last snapshot (1: every partition that
     * moved): snapshots keep their own cadence, a version does not write one per partition
     * (PERFORMANCE.md §25).
     */
    public record Report(long round, ActorRef<RecordPlanner.Command> replyTo, long snapshotAfter, boolean summed) implements Command {}

    /** The counts of every partition this node owns (cheap: no statistics). */
    public record GetCounts(long round, ActorRef<RecordPlanner.Command> replyTo) implements Command {}

    /** Stop reading, snapshot, have the planner publish a model, then reply (a node asked to drain). */
    public record Drain(ActorRef<Done> replyTo) implements Command {}

    /** The partitions Kafka gave this node's reader last. */
    public record GetOwned(ActorRef<Set<Integer>> replyTo) implements Command {}

    /**
     * A message of this node's reader, which speaks to its learner as it would to the partitioner
     * (local: an adapter wraps it here; typed so that it serialises like every message).
     */
    private record FromReader(
            @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
            @JsonSubTypes({@JsonSubTypes.Type(value = Partitioner.Ingest.class, name = "ingest"),
                    @JsonSubTypes.Type(value = Partitioner.StartAt.class, name = "start-at"),
                    @JsonSubTypes.Type(value = Partitioner.Flush.class, name = "flush")})
            Partitioner.Command message) implements Command {}

    private final StreamSettings settings;
    private final ActorRef<RecordPlanner.Command> planner;
    private final IntFunction<StateStore> stores;
    private final ReaderRestarts restarts;
    private final long epoch = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    private final OffsetLedger ledger = new OffsetLedger(Map.of());
    private final Map<Integer, PartitionState> states = new HashMap<>();
    private Set<Integer> owned = Set.of();
    private ModelStructure structure;
    private ActorRef<Ingestor.Command> ingestor;

    /** stores: the snapshot store of one partition. */
    public static Behavior<Command> create(StreamSettings settings, ActorRef<RecordPlanner.Command> planner, IntFunction<StateStore> stores, ReaderRestarts restarts) {
        // The supervisor runs this setup again on every restart: the count tells a restart from the first start.
        AtomicInteger starts = new AtomicInteger();
        return Behaviors.supervise(Behaviors.<Command>setup(ctx -> new PartitionLearner(ctx, settings, planner, stores, restarts, starts.getAndIncrement() > 0)))
                .onFailure(SupervisorStrategy.restartWithBackoff(settings.minBackoff(), settings.maxBackoff(), 0.2));
    }

    private PartitionLearner(ActorContext<Command> ctx, StreamSettings settings, ActorRef<RecordPlanner.Command> planner,
                             IntFunction<StateStore> stores, ReaderRestarts restarts, boolean restarted) {
        super(ctx);
        this.settings = settings;
        this.planner = planner;
        this.stores = stores;
        this.restarts = restarts;
        // The planner hears of every learner through the receptionist and tells it the structure.
        ctx.getSystem().receptionist().tell(Receptionist.register(SERVICE_KEY, ctx.getSelf()));
        // After a restart the listing does not change (same address): ask as well, and say so.
        planner.tell(new RecordPlanner.StructureWanted(ctx.getSelf(), restarted));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(UseStructure.class, this::onStructure)
                .onMessage(FromReader.class, this::onFromReader)
                .onMessage(Report.class, this::onReport)
                .onMessage(GetCounts.class, m -> {
                    Map<Integer, RecordPlanner.PartitionCount> counts = new HashMap<>();
                    for (int p : owned) {
                        PartitionState s = states.get(p);
                        if (s != null) counts.put(p, s.count(ledger.next(p)));
                    }
                    m.replyTo().tell(new RecordPlanner.LearnerCounts(m.round(), getContext().getSelf(), counts));
                    return this;
                })
                .onMessage(GetOwned.class, m -> { m.replyTo().tell(Set.copyOf(owned)); return this; })
                .onMessage(Drain.class, m -> {
                    if (ingestor == null) m.replyTo().tell(Done.getInstance());
                    else ingestor.tell(new Ingestor.Drain(m.replyTo()));
                    return this;
                })
                .build();
    }

    private Behavior<Command> onStructure(UseStructure m) {
        if (structure != null) {
            if (structure.version() != m.structure().version())
                throw new IllegalStateException("structure v" + m.structure().version() + " announced, this node learns v" + structure.version() + " (re-planning is not built for this path)");
            return this;
        }
        structure = m.structure();
        getContext().getLog().info("partition-local learner: structure v{} ({} levels); starting this node's reader", structure.version(), structure.levelCount());
        ActorRef<Partitioner.Command> asPartitioner = getContext().messageAdapter(Partitioner.Command.class, FromReader::new);
        ingestor = getContext().spawn(Ingestor.create(settings, settings.codec(settings.dimension()), asPartitioner, restarts), "ingestor");
        return this;
    }

    /**
     * Before the structure is known only a reader spawned before a restart can speak: its batches
     * are read again by the reader spawned with the structure, from the partitions' snapshots.
     */
    private Behavior<Command> onFromReader(FromReader m) {
        if (structure != null) return fromReader(m.message());
        getContext().getLog().debug("partition-local learner: {} from the reader before a restart dropped", m.message().getClass().getSimpleName());
        return this;
    }

    private Behavior<Command> fromReader(Partitioner.Command m) {
        if (m instanceof Partitioner.Ingest ingest) return onIngest(ingest);
        if (m instanceof Partitioner.StartAt start) {
            owned = Set.copyOf(start.partitions());
            Map<Integer, Long> next = new HashMap<>();
            Map<Integer, Long> held = new java.util.TreeMap<>();
            for (int p : owned) {
                takeOver(p);
                next.put(p, ledger.next(p));
                held.put(p, states.get(p).count(ledger.next(p)).absorbed());
            }
            getContext().getLog().info("partition-local learner: reading partitions {} from {} (records held: {})", new java.util.TreeSet<>(owned), next, held);
            start.replyTo().tell(new Partitioner.Offsets(epoch, next, structure.dimension(), structure.recordSchema()));
        } else if (m instanceof Partitioner.Flush flush) {
            // The reader has drained: everything taken goes into a snapshot and a model.
            snapshotOwned(1);
            getContext().getLog().info("drain: partitions {} snapshotted at {}; asking the planner for a model", new java.util.TreeSet<>(owned), ledger.nextOffsets());
            planner.tell(new RecordPlanner.Collect(flush.replyTo()));
        }
        return this;
    }

    /**
     * Kafka gave this node partition p: continue from what this node still holds of p (it owned p
     * before), else from p's newest snapshot. Both are exact prefixes of p.
     */
    private void takeOver(int p) {
        PartitionState held = states.get(p);
        // What this node holds of p is an exact prefix too: keep it rather than read the state topic,
        // so that answering the reader's assignment stays quick (the reader waits for the answer inside
        // Kafka's rebalance callback, see SeekOnAssign, so a slow one holds the group's rebalance back).
        if (held != null) return;
        LearnerState stored = stores.apply(p).loadLatest().orElse(null);
        long storedNext = stored == null ? 0 : stored.nextOffsets().getOrDefault(p, 0L);
        if (stored != null && stored.structure().version() != structure.version())
            throw new IllegalStateException("partition " + p + "'s snapshot has structure v" + stored.structure().version() + ", the planner's is v" + structure.version());
        PartitionState fresh = new PartitionState(p, structure, settings);
        if (stored != null) fresh.restore(stored);
        states.put(p, fresh);
        ledger.restart(p, storedNext);
        if (stored != null) getContext().getLog().info("partition {}: resuming from its snapshot at offset {} ({} absorbed)", p, storedNext, stored.absorbed());
    }

    private Behavior<Command> onIngest(Partitioner.Ingest m) {
        if (m.rows().numRows > 0 && m.rows().numCols != structure.dimension()) {
            m.replyTo().tell(new Partitioner.Rejected("batch records have " + m.rows().numCols + " values, the stream's dimension is " + structure.dimension()));
            return this;
        }
        for (long position : m.positions()) {
            int p = IngestStream.partitionOf(position);
            if (!states.containsKey(p)) takeOver(p);
        }
        OffsetLedger.Selection selection = ledger.select(m.positions(), m.covers());
        if (selection.gap() != null) {
            m.replyTo().tell(new Partitioner.Rejected(selection.gap()));
            return this;
        }
        int d = m.rows().numCols;
        for (int i = 0, row = 0; i < m.positions().length; i++) {
            PartitionState s = states.get(IngestStream.partitionOf(m.positions()[i]));
            if (selection.take()[i]) {
                if (m.bad(i)) s.deadLetter(RecordCodec.Reason.values()[m.reasons()[i] - 1].headerValue());
                else s.take(m.rows().data, row * d, d, m.positions()[i]);
            }
            if (!m.bad(i)) row++;
        }
        ledger.commit(selection);
        // A single offset passed over is a transaction's marker; more are aborted or compacted
        // records, or records a reader never delivered: said, so that a loss can be told from them.
        for (long[] skip : selection.skipped())
            if (skip[2] - skip[1] > 1)
                getContext().getLog().info("partition {}: offsets {}..{} passed over (the reader saw no record there: aborted or compacted records)", skip[0], skip[1], skip[2] - 1);
        for (int p : selection.advanced().keySet()) {
            PartitionState s = states.get(p);
            if (s.waiting() >= settings.batchSize()) s.absorbWaiting();
        }
        m.replyTo().tell(new Partitioner.Accepted());
        return this;
    }

    private Behavior<Command> onReport(Report m) {
        snapshotOwned(m.snapshotAfter());
        if (m.summed()) reportSum(m);
        else
            for (int p : owned) {
                PartitionState s = states.get(p);
                if (s == null) continue;
                for (RecordPlanner.PartitionReport slice : s.report(ledger.next(p))) m.replyTo().tell(slice);
            }
        m.replyTo().tell(new RecordPlanner.LearnerReported(m.round(), getContext().getSelf()));
        return this;
    }

    /**
     * One sum of the owned partitions' statistics, with each partition's prefix: summed and counted in
     * this one handler, so the sum is exactly those prefixes whatever Kafka does meanwhile.
     */
    private void reportSum(Report m) {
        Map<Integer, RecordPlanner.PartitionCount> claims = new java.util.TreeMap<>();
        CellStatistics[][] sum = null;
        for (int p : owned) {
            PartitionState s = states.get(p);
            if (s == null) continue;
            sum = s.addTo(sum);
            claims.put(p, s.count(ledger.next(p)));
        }
        if (sum == null) return;
        List<CellStatistics[][]> slices = PartitionState.slices(sum);
        for (int s = 0; s < slices.size(); s++)
            m.replyTo().tell(new RecordPlanner.NodeReport(m.round(), getContext().getSelf(), structure.version(), claims,
                    s * PartitionState.LEVELS_PER_SLICE, slices.size(), slices.get(s)));
    }

    /**
     * Writes the snapshot of every owned partition whose offset moved at least after since its last
     * one (P3: statistics and offset in one record).
     */
    private void snapshotOwned(long after) {
        for (int p : owned) {
            PartitionState s = states.get(p);
            if (s == null || ledger.next(p) - s.snapshotAt() < Math.max(1, after)) continue;
            LearnerState snapshot = s.snapshot(ledger.next(p));
            stores.apply(p).save(snapshot);
            getContext().getLog().debug("partition {}: snapshot at offset {} ({} absorbed)", p, ledger.next(p), snapshot.absorbed());
        }
    }
}
