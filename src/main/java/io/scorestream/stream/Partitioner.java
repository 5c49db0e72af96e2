package io.scorestream.stream;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.StashBuffer;
import io.scorestream.learn.FitOptions;
import io.scorestream.learn.LearnerState;
import io.scorestream.learn.RecentWindow;
import io.scorestream.learn.StructurePlanner;
import io.scorestream.model.ModelStructure;
import io.scorestream.regression.CellStatistics;
import org.ejml.data.DMatrixRMaj;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The clustering actor and the single point through which batches pass. It plans the warm-start
 * partitions on the first samples (and re-plans on the recent window when configured), hands every
 * batch to every band regressor and waits for all of them before taking the next, so the
 * statistics, the absorbed count and the Kafka offsets always describe the same prefix of the
 * stream. Every {@code modelEverySamples} it collects the bands' solved levels for the assembler.
 */
public final class Partitioner extends AbstractBehavior<Partitioner.Command> {

    public sealed interface Command extends CborSerializable {}

    /** A decoded batch: good rows with their positions, the bad records already dead-lettered, next offsets per partition. */
    public record Ingest(DMatrixRMaj rows, long[] positions, int deadLettered, Map<Integer, Long> nextOffsets,
                         ActorRef<Done> replyTo) implements Command {}

    /** Publish a model and snapshot now (drain on shutdown, tests); replies once the snapshot is written. */
    public record Flush(ActorRef<Done> replyTo) implements Command {}

    /** How far the stream has got: records absorbed into the statistics, dead-lettered, and waiting for the first plan. */
    public record GetProgress(ActorRef<Progress> replyTo) implements Command {}

    public record Progress(long absorbed, long deadLettered, long warmingUp) implements CborSerializable {}

    private record BandAcked(BandRegressor.Ack ack) implements Command {}
    private record BandSolved(BandRegressor.BandResult result) implements Command {}
    private record AssemblerDone(ModelAssembler.Published published) implements Command {}

    private final StreamSettings settings;
    private final List<ActorRef<BandRegressor.Command>> bands;
    private final ActorRef<ModelAssembler.Command> assembler;
    private final StashBuffer<Command> stash;
    private final ActorRef<BandRegressor.Ack> ackAdapter;
    private final ActorRef<BandRegressor.BandResult> solvedAdapter;
    private final ActorRef<ModelAssembler.Published> publishedAdapter;

    private ModelStructure structure;          // null while warming up
    private RecentWindow window;
    private long absorbed, deadLettered, modelVersion, absorbedAtLastModel, absorbedAtLastPlan;
    private final Map<Integer, Long> nextOffsets = new TreeMap<>();
    private final List<DMatrixRMaj> warmUpRows = new ArrayList<>();
    private final List<long[]> warmUpPositions = new ArrayList<>();
    private int warmUpCount;

    // The one operation in flight (acks or band results pending), and what completes it.
    private int pending;
    private Runnable whenDone;
    private final List<BandRegressor.BandResult> results = new ArrayList<>();
    private final List<ActorRef<Done>> flushWaiters = new ArrayList<>();

    public static Behavior<Command> create(StreamSettings settings, List<ActorRef<BandRegressor.Command>> bands,
                                           ActorRef<ModelAssembler.Command> assembler, LearnerState restored) {
        return Behaviors.withStash(10_000, stash -> Behaviors.setup(ctx -> new Partitioner(ctx, stash, settings, bands, assembler, restored)));
    }

    private Partitioner(ActorContext<Command> ctx, StashBuffer<Command> stash, StreamSettings settings,
                        List<ActorRef<BandRegressor.Command>> bands, ActorRef<ModelAssembler.Command> assembler, LearnerState restored) {
        super(ctx);
        this.settings = settings;
        this.bands = bands;
        this.assembler = assembler;
        this.stash = stash;
        this.ackAdapter = ctx.messageAdapter(BandRegressor.Ack.class, BandAcked::new);
        this.solvedAdapter = ctx.messageAdapter(BandRegressor.BandResult.class, BandSolved::new);
        this.publishedAdapter = ctx.messageAdapter(ModelAssembler.Published.class, AssemblerDone::new);
        if (restored != null) restore(restored);
    }

    private void restore(LearnerState s) {
        structure = s.structure();
        absorbed = s.absorbed();
        deadLettered = s.deadLettered();
        modelVersion = s.modelVersion();
        absorbedAtLastModel = absorbed;
        absorbedAtLastPlan = absorbed;
        nextOffsets.putAll(s.nextOffsets());
        window = new RecentWindow(settings.recentWindow(), structure.dimension());
        window.add(s.recentSamples(), s.recentPositions());
        int perBand = bandSize();
        for (int b = 0; b < bands.size(); b++) {
            int first = b * perBand, count = Math.min(perBand, structure.levelCount() - first);
            bands.get(b).tell(new BandRegressor.Reset(structure, s.band(first, count), s.absorbed(), null, null, ackAdapter));
        }
        await(bands.size(), this::unstashAll);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Ingest.class, this::onIngest)
                .onMessage(Flush.class, this::onFlush)
                .onMessage(GetProgress.class, m -> {
                    m.replyTo().tell(new Progress(absorbed, deadLettered, structure == null ? warmUpCount : 0));
                    return this;
                })
                .onMessage(BandAcked.class, m -> onReply())
                .onMessage(BandSolved.class, this::onSolved)
                .onMessage(AssemblerDone.class, this::onPublished)
                .build();
    }

    private Behavior<Command> onIngest(Ingest m) {
        if (pending > 0) return stashed(m);
        if (structure == null) return warmUp(m);
        bands.forEach(b -> b.tell(new BandRegressor.Absorb(structure.version(), m.rows(), m.positions(), ackAdapter)));
        await(bands.size(), () -> {
            absorbed += m.rows().numRows;
            account(m);
            window.add(m.rows(), m.positions());
            m.replyTo().tell(Done.getInstance());
            afterBatch();
        });
        return this;
    }

    /** Until the first plan, good rows wait in memory; they are absorbed right after planning. */
    private Behavior<Command> warmUp(Ingest m) {
        if (m.rows().numRows > 0) {
            warmUpRows.add(m.rows());
            warmUpPositions.add(m.positions());
            warmUpCount += m.rows().numRows;
        }
        account(m);
        if (warmUpCount < settings.warmUpSamples()) {
            m.replyTo().tell(Done.getInstance());
            return this;
        }
        DMatrixRMaj rows = concatenate(warmUpRows);
        long[] positions = concatenate(warmUpPositions, warmUpCount);
        warmUpRows.clear();
        warmUpPositions.clear();
        window = new RecentWindow(settings.recentWindow(), rows.numCols);
        window.add(rows, positions);
        // Plan on exactly the first warm-up samples (batch boundaries depend on timing), absorb them all.
        DMatrixRMaj planRows = new DMatrixRMaj(settings.warmUpSamples(), rows.numCols);
        System.arraycopy(rows.data, 0, planRows.data, 0, planRows.getNumElements());
        replan(planRows, rows, positions, () -> {
            absorbed += rows.numRows;
            m.replyTo().tell(Done.getInstance());
            afterBatch();
        });
        return this;
    }

    private void account(Ingest m) {
        deadLettered += m.deadLettered();
        nextOffsets.putAll(m.nextOffsets());
    }

    /** The planning options of a stream: what a batch learner must use to reproduce its model. */
    public static FitOptions planOptions(StreamSettings settings, int planRows, int dimension) {
        return FitOptions.defaults().withLevels(settings.levels()).withDegree(settings.degree())
                .withSeed(settings.seed()).withReservoir(Math.max(16, planRows))
                .resolve(dimension, settings.forgetting() < 1 ? (long) (1 / (1 - settings.forgetting())) : 1_000_000);
    }

    /** Plans a new partition version on planRows and restarts every band's statistics on rows. */
    private void replan(DMatrixRMaj planRows, DMatrixRMaj rows, long[] positions, Runnable then) {
        long version = structure == null ? 1 : structure.version() + 1;
        FitOptions options = planOptions(settings, planRows.numRows, planRows.numCols);
        ModelStructure planned = StructurePlanner.plan(planRows, options, line -> getContext().getLog().info("partition v{}: {}", version, line));
        structure = new ModelStructure(planned.schedule(), planned.standardiser(), planned.levels().clone(), version);
        absorbedAtLastPlan = absorbed;
        bands.forEach(b -> b.tell(new BandRegressor.Reset(structure, null, 0, rows, positions, ackAdapter)));
        await(bands.size(), then);
    }

    private void afterBatch() {
        if (settings.replanEverySamples() > 0 && absorbed - absorbedAtLastPlan >= settings.replanEverySamples()) {
            DMatrixRMaj recent = window.rows();
            replan(recent, recent, window.positions(), this::afterBatch);
        } else if (absorbed - absorbedAtLastModel >= settings.modelEverySamples() || !flushWaiters.isEmpty()) {
            collectModel();
        } else {
            unstashAll();
        }
    }

    private Behavior<Command> onFlush(Flush m) {
        if (structure == null) {
            m.replyTo().tell(Done.getInstance());
            return this;
        }
        flushWaiters.add(m.replyTo());
        if (pending == 0) collectModel();
        return this;
    }

    private void collectModel() {
        results.clear();
        bands.forEach(b -> b.tell(new BandRegressor.Solve(solvedAdapter)));
        await(bands.size(), () -> {
            modelVersion++;
            absorbedAtLastModel = absorbed;
            results.sort((a, b) -> Integer.compare(a.firstLevel(), b.firstLevel()));
            assembler.tell(new ModelAssembler.Assemble(structure, List.copyOf(results), modelVersion, absorbed, deadLettered,
                    Map.copyOf(nextOffsets), window.rows(), window.positions(), publishedAdapter));
            await(1, () -> {
                flushWaiters.forEach(w -> w.tell(Done.getInstance()));
                flushWaiters.clear();
                unstashAll();
            });
        });
    }

    private Behavior<Command> onSolved(BandSolved m) {
        if (m.result().partitionVersion() != structure.version())
            throw new IllegalStateException("band " + m.result().firstLevel() + " solved partition version " + m.result().partitionVersion() + ", expected " + structure.version());
        results.add(m.result());
        return onReply();
    }

    private Behavior<Command> onPublished(AssemblerDone m) { return onReply(); }

    private Behavior<Command> onReply() {
        if (--pending == 0) {
            Runnable next = whenDone;
            whenDone = null;
            next.run();
        }
        return this;
    }

    private void await(int replies, Runnable then) {
        pending = replies;
        whenDone = then;
        if (replies == 0) then.run();
    }

    private Behavior<Command> stashed(Command m) {
        if (stash.isFull()) throw new IllegalStateException("partitioner stash full");
        stash.stash(m);
        return this;
    }

    private void unstashAll() {
        if (!stash.isEmpty()) stash.unstashAll(this);
    }

    private int bandSize() {
        int levels = structure.levelCount();
        return (levels + bands.size() - 1) / bands.size();
    }

    static DMatrixRMaj concatenate(List<DMatrixRMaj> parts) {
        int rows = parts.stream().mapToInt(p -> p.numRows).sum(), d = parts.get(0).numCols;
        DMatrixRMaj out = new DMatrixRMaj(rows, d);
        int at = 0;
        for (DMatrixRMaj p : parts) {
            System.arraycopy(p.data, 0, out.data, at * d, p.numRows * d);
            at += p.numRows;
        }
        return out;
    }

    static long[] concatenate(List<long[]> parts, int total) {
        long[] out = new long[total];
        int at = 0;
        for (long[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
