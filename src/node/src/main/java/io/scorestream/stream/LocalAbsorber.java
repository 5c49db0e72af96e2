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

import org.ejml.data.DMatrixRMaj;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
 * by side, so a partition's state always describes one prefix of that partition. Its learners
 * absorb for real, or — to measure the record path alone — do no work (statistics of full size
 * that absorb nothing). On {@link ShipStatistics} every partition sends its statistics, in level slices, with
 * its next offset, to the {@link PartitionStatisticsAssembler}: what crosses nodes is statistics
 * per model version, never records.
 */
public final class LocalAbsorber extends AbstractBehavior<LocalAbsorber.Command> {

    public sealed interface Command {}

    /** A message of this node's reader, which speaks to its absorber as it would to the partitioner. */
    private record FromReader(Partitioner.Command message) implements Command {}

    private final ModelStructure structure;
    private final StreamSettings settings;
    private final boolean learn;
    private final OffsetLedger ledger = new OffsetLedger(Map.of());
    private final Map<Integer, ScoreLearner[]> learners = new HashMap<>();   // per partition, one learner per band of levels
    private final Map<Integer, Long> absorbedByPartition = new HashMap<>();
    private long absorbed, deadLettered;
    private ActorRef<PartitionStatisticsAssembler.Command> assembler;

    /** Send every partition's statistics to the assembler now (one model version's coordination). */
    public record ShipStatistics() implements Command {}

    /** Records taken so far (absorbed, dead-lettered) and the next offset of every partition this node has read. */
    public record GetProgress(ActorRef<Partitioner.Progress> replyTo) implements Command {}

    /** The structure the planner broadcast; starts this node's reader, which hands its batches here. learn: absorb (else count only). */
    public static Behavior<Command> create(ModelStructure structure, StreamSettings settings, boolean learn) {
        return Behaviors.setup(ctx -> new LocalAbsorber(ctx, structure, settings, learn));
    }

    private LocalAbsorber(ActorContext<Command> ctx, ModelStructure structure, StreamSettings settings, boolean learn) {
        super(ctx);
        this.structure = structure;
        this.settings = settings;
        this.learn = learn;
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
        Map<Integer, List<Integer>> rowsByPartition = new HashMap<>();   // the taken good rows of each partition, in order
        for (int i = 0, row = 0; i < m.positions().length; i++) {
            boolean bad = m.bad(i);
            if (selection.take()[i]) {
                if (bad) deadLettered++;
                else rowsByPartition.computeIfAbsent(IngestStream.partitionOf(m.positions()[i]), p -> new ArrayList<>()).add(row);
            }
            if (!bad) row++;
        }
        int[] goodIndex = goodRecordIndices(m);
        int d = m.rows().numCols;
        for (Map.Entry<Integer, List<Integer>> e : rowsByPartition.entrySet()) {
            learners.computeIfAbsent(e.getKey(), p -> bands());
            Pending waiting = pending.computeIfAbsent(e.getKey(), p -> new Pending());
            for (int row : e.getValue()) {
                waiting.rows.add(java.util.Arrays.copyOfRange(m.rows().data, row * d, (row + 1) * d));
                waiting.positions.add(m.positions()[goodIndex[row]]);
            }
            if (waiting.rows.size() >= settings.batchSize()) absorbPending(e.getKey());
        }
        ledger.commit(selection);
        m.replyTo().tell(new Partitioner.Accepted());
        return this;
    }

    /**
     * A partition's learners: its levels split into level-bands bands as today's band regressors
     * split them, so the node's cores share a batch, as they share it in today's path.
     */
    private ScoreLearner[] bands() {
        int levels = structure.levelCount(), per = (levels + settings.levelBands() - 1) / settings.levelBands();
        ScoreLearner[] bands = new ScoreLearner[(levels + per - 1) / per];
        for (int b = 0; b < bands.length; b++)
            bands[b] = new ScoreLearner(structure, settings.seed(), settings.forgetting(), BandRegressor.RIDGE, b * per, Math.min(per, levels - b * per));
        return bands;
    }

    /**
     * A partition's good rows taken but not yet absorbed. A partition's share of a mixed batch is
     * small, and the learner's update costs per cell touched, so rows are absorbed a batch-size at
     * a time per partition. (The real path would batch per partition in the reader instead: a state
     * whose offset runs ahead of its statistics must not be snapshotted or shipped — ship() absorbs
     * what waits first.)
     */
    private static final class Pending {
        final List<double[]> rows = new ArrayList<>();
        final List<Long> positions = new ArrayList<>();
    }

    private final Map<Integer, Pending> pending = new HashMap<>();

    /** Absorbs a partition's waiting rows, its bands in parallel (or, without learning, counts them). */
    private void absorbPending(int partition) {
        Pending waiting = pending.get(partition);
        int n = waiting.rows.size();
        if (n == 0) return;
        if (learn) {
            int d = waiting.rows.get(0).length;
            DMatrixRMaj rows = new DMatrixRMaj(n, d);
            long[] positions = new long[n];
            for (int k = 0; k < n; k++) {
                System.arraycopy(waiting.rows.get(k), 0, rows.data, k * d, d);
                positions[k] = waiting.positions.get(k);
            }
            // The d-dimensional transform and projection once, not once per band.
            ScoreLearner.CellRows cellRows = ScoreLearner.cellRows(structure, Partitioner.drawSchedule(settings, structure), rows, positions);
            java.util.Arrays.stream(learners.get(partition)).parallel().forEach(band -> band.absorbCellRows(cellRows));
        }
        absorbedByPartition.merge(partition, (long) n, Long::sum);
        absorbed += n;
        waiting.rows.clear();
        waiting.positions.clear();
    }

    /** For each row of a batch's matrix, the index of its record. */
    private static int[] goodRecordIndices(Partitioner.Ingest m) {
        int[] index = new int[m.rows().numRows];
        for (int i = 0, row = 0; i < m.positions().length; i++) if (!m.bad(i)) index[row++] = i;
        return index;
    }

    private Behavior<Command> ship() {
        if (assembler == null) return this;
        pending.keySet().forEach(this::absorbPending);
        Map<Integer, Long> next = ledger.nextOffsets();
        for (Map.Entry<Integer, ScoreLearner[]> e : learners.entrySet()) {
            CellStatistics[][] all = java.util.Arrays.stream(e.getValue()).flatMap(band -> java.util.Arrays.stream(band.statistics())).toArray(CellStatistics[][]::new);
            List<CellStatistics[][]> slices = PartitionState.slices(all);
            for (int s = 0; s < slices.size(); s++)
                assembler.tell(new PartitionStatisticsAssembler.PartitionStatistics(e.getKey(), next.getOrDefault(e.getKey(), 0L),
                        absorbedByPartition.getOrDefault(e.getKey(), 0L), s * PartitionState.LEVELS_PER_SLICE, slices.size(), slices.get(s)));
        }
        return this;
    }
}
