package io.scorestream.stream;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.receptionist.Receptionist;
import io.scorestream.learn.ScoreLearner;
import io.scorestream.model.ModelStructure;
import io.scorestream.regression.CellStatistics;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Issue 17's record path, as the measurement prototype that {@code bench-ceiling} runs (nodes do
 * not use it yet; see docs/architecture.md §2 "Scaling out"). It stands where the
 * {@link Partitioner} stands for this node's {@link IngestStream} — same messages, same reader —
 * but on the node itself, not once in the cluster: the batches of the partitions Kafka gave this
 * node never leave it.
 *
 * <p>Per Kafka partition it keeps the offset ledger, the counts and a learner's statistics, side
 * by side, so a partition's state always describes one prefix of that partition. Its learners do
 * no work (they are what is being measured away): statistics keep their full size but absorb
 * nothing. On {@link ShipStatistics} every partition sends its statistics, in level slices, with
 * its next offset, to the {@link PartitionStatisticsAssembler}: what crosses nodes is statistics
 * per model version, never records.
 */
public final class LocalAbsorber extends AbstractBehavior<LocalAbsorber.Command> {

    public sealed interface Command {}

    /** A message of this node's reader, which speaks to its absorber as it would to the partitioner. */
    private record FromReader(Partitioner.Command message) implements Command {}

    /** Slices of this many levels keep each message far below Artery's large-frame limit. */
    static final int LEVELS_PER_SLICE = 25;

    private final ModelStructure structure;
    private final OffsetLedger ledger = new OffsetLedger(Map.of());
    private final Map<Integer, ScoreLearner> learners = new HashMap<>();
    private final Map<Integer, Long> absorbedByPartition = new HashMap<>();
    private long absorbed, deadLettered;
    private ActorRef<PartitionStatisticsAssembler.Command> assembler;

    /** Send every partition's statistics to the assembler now (one model version's coordination). */
    public record ShipStatistics() implements Command {}

    /** Records taken so far (absorbed, dead-lettered) and the next offset of every partition this node has read. */
    public record GetProgress(ActorRef<Partitioner.Progress> replyTo) implements Command {}

    /** The structure the planner broadcast; starts this node's reader, which hands its batches here. */
    public static Behavior<Command> create(ModelStructure structure, StreamSettings settings) {
        return Behaviors.setup(ctx -> new LocalAbsorber(ctx, structure, settings));
    }

    private LocalAbsorber(ActorContext<Command> ctx, ModelStructure structure, StreamSettings settings) {
        super(ctx);
        this.structure = structure;
        ActorRef<Partitioner.Command> asPartitioner = ctx.messageAdapter(Partitioner.Command.class, FromReader::new);
        ctx.spawn(Ingestor.create(settings, settings.codec(settings.dimension()), asPartitioner, new ReaderRestarts()), "ingestor");
        ctx.getSystem().receptionist().tell(Receptionist.subscribe(PartitionStatisticsAssembler.SERVICE_KEY,
                ctx.messageAdapter(Receptionist.Listing.class, l -> new AssemblerFound(l.getServiceInstances(PartitionStatisticsAssembler.SERVICE_KEY)))));
    }

    private record AssemblerFound(Set<ActorRef<PartitionStatisticsAssembler.Command>> found) implements Command {}

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(FromReader.class, m -> fromReader(m.message()))
                .onMessage(GetProgress.class, m -> {
                    m.replyTo().tell(new Partitioner.Progress(absorbed, deadLettered, 0, Map.of(), ledger.nextOffsets()));
                    return this;
                })
                .onMessage(ShipStatistics.class, m -> ship())
                .onMessage(AssemblerFound.class, m -> {
                    assembler = m.found().isEmpty() ? null : m.found().iterator().next();
                    return this;
                })
                .build();
    }

    private Behavior<Command> fromReader(Partitioner.Command m) {
        if (m instanceof Partitioner.Ingest ingest) return onIngest(ingest);
        if (m instanceof Partitioner.StartAt start) start.replyTo().tell(new Partitioner.Offsets(0, ledger.nextOffsets(), structure.dimension(), null));
        else if (m instanceof Partitioner.Flush flush) flush.replyTo().tell(Done.getInstance());
        return this;
    }

    private Behavior<Command> onIngest(Partitioner.Ingest m) {
        OffsetLedger.Selection selection = ledger.select(m.positions(), m.covers());
        if (selection.gap() != null) {
            m.replyTo().tell(new Partitioner.Rejected(selection.gap()));
            return this;
        }
        for (int i = 0; i < m.positions().length; i++) {
            if (!selection.take()[i]) continue;
            if (m.bad(i)) {
                deadLettered++;
                continue;
            }
            int partition = IngestStream.partitionOf(m.positions()[i]);
            learners.computeIfAbsent(partition, p -> new ScoreLearner(structure, 0, 1, 1e-4));   // no work: never absorbs
            absorbedByPartition.merge(partition, 1L, Long::sum);
            absorbed++;
        }
        ledger.commit(selection);
        m.replyTo().tell(new Partitioner.Accepted());
        return this;
    }

    private Behavior<Command> ship() {
        if (assembler == null) return this;
        Map<Integer, Long> next = ledger.nextOffsets();
        for (Map.Entry<Integer, ScoreLearner> e : learners.entrySet()) {
            CellStatistics[][] all = e.getValue().statistics();
            int slices = (all.length + LEVELS_PER_SLICE - 1) / LEVELS_PER_SLICE;
            for (int s = 0; s < slices; s++) {
                int first = s * LEVELS_PER_SLICE, count = Math.min(LEVELS_PER_SLICE, all.length - first);
                CellStatistics[][] slice = new CellStatistics[count][];
                System.arraycopy(all, first, slice, 0, count);
                assembler.tell(new PartitionStatisticsAssembler.PartitionStatistics(e.getKey(), next.getOrDefault(e.getKey(), 0L),
                        absorbedByPartition.getOrDefault(e.getKey(), 0L), first, slices, slice));
            }
        }
        return this;
    }
}
