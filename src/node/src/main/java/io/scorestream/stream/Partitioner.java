package io.scorestream.stream;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.StashBuffer;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.actor.typed.receptionist.Receptionist;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.EntityRef;
import io.scorestream.learn.DrawSchedule;
import io.scorestream.learn.FitOptions;
import io.scorestream.learn.LearnerState;
import io.scorestream.learn.RecentWindow;
import io.scorestream.learn.StateStore;
import io.scorestream.learn.ScoreLearner;
import io.scorestream.learn.Fitter;
import io.scorestream.model.ModelStructure;
import io.scorestream.io.DateRoles;
import io.scorestream.io.RecordSchema;
import org.ejml.data.DMatrixRMaj;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The clustering actor and the single point through which batches pass — a cluster singleton. It
 * plans the warm-start partitions on the first samples (and re-plans on the recent window when
 * configured), hands every batch to every band regressor and waits for all of them before taking
 * the next, so the statistics, the absorbed count and the Kafka offsets always describe the same
 * prefix of the stream. Every {@code modelEverySamples} it collects the bands' solved levels for
 * the assembler, which writes the snapshot.
 *
 * <p>Each incarnation is an <em>epoch</em>: it starts from the newest snapshot and resets every band
 * to it. Anything that breaks that prefix — a band that lost its statistics (its node died), a band
 * that does not answer, a storage failure — fails this actor, and its supervisor starts a new epoch
 * after a back-off. The ingestors hear of it and re-read Kafka from the snapshot's offsets; the
 * {@link OffsetLedger} drops what was already absorbed and refuses gaps.
 *
 * <p>It is also the authority on the stream's dimension: it knows it once it has a structure (a
 * restored snapshot or a plan) or has accepted good rows. It tells every reader in
 * {@link Offsets}, and refuses a batch whose rows have another one — so nodes whose codecs learned
 * different dimensions never mix them in the warm-up or the bands.
 */
public final class Partitioner extends AbstractBehavior<Partitioner.Command> {

    public sealed interface Command extends CborSerializable {}

    /**
     * A decoded batch. Per record, in order: its position (partition and offset), the offset its
     * reader's coverage starts from, and 0 for a good record or, for a bad one (already
     * dead-lettered), 1 + the ordinal of its {@link RecordCodec.Reason}; rows holds the good
     * records' vectors in the same order.
     */
    public record Ingest(DMatrixRMaj rows, long[] positions, long[] covers, byte[] reasons, RecordSchema columns, ActorRef<IngestReply> replyTo) implements Command {
        boolean bad(int record) { return reasons[record] != 0; }
    }

    public sealed interface IngestReply extends CborSerializable {}

    public record Accepted() implements IngestReply {}

    /** The batch does not continue the absorbed prefix; the sender must re-read from {@link StartAt}. */
    public record Rejected(String reason) implements IngestReply {}

    /**
     * Where a reader of the samples topic should start: the next offset of every partition.
     * partitions: the ones Kafka just gave the reader (the partitioner answers for all; a node's
     * {@link PartitionLearner} loads their snapshots).
     */
    public record StartAt(java.util.Set<Integer> partitions, ActorRef<Offsets> replyTo) implements Command {
        public StartAt(ActorRef<Offsets> replyTo) { this(java.util.Set.of(), replyTo); }
    }

    /** The next offset of every partition, and the stream's dimension (-1 while unknown) and columns (null while unknown). */
    public record Offsets(long epoch, Map<Integer, Long> next, int dimension, RecordSchema columns) implements CborSerializable {}

    /** Publish a model and snapshot now (drain on shutdown, tests); replies once the snapshot is written. */
    public record Flush(ActorRef<Done> replyTo) implements Command {}

    /** How far the stream has got: records absorbed into the statistics, dead-lettered, and waiting for the first plan. */
    public record GetProgress(ActorRef<Progress> replyTo) implements Command {}

    /** nextOffsets: partition → the offset after the last record taken (absorbed, dead-lettered or held for the plan). */
    public record Progress(long absorbed, long deadLettered, long warmingUp, Map<String, Long> deadLetteredByReason,
                           Map<Integer, Long> nextOffsets) implements CborSerializable {}

    /**
     * The singleton's stop message when it moves to another node. It stops at once: by then the
     * bands are being handed off too, so it could not collect a model; the next incarnation rolls
     * back to the newest snapshot, and a node that is asked to leave drains first (see Ingestor).
     */
    public enum Stop implements Command { INSTANCE }

    private record BandReplied(BandRegressor.Reply reply) implements Command {}
    private record BandsOverdue(long operation) implements Command {}
    private record AssemblerDone(ModelAssembler.Published published) implements Command {}
    private enum ModelAgeTick implements Command { INSTANCE }
    private record IngestorsFound(java.util.Set<ActorRef<Ingestor.Command>> ingestors) implements Command {}
    /** A plan made off this actor's thread for an epoch's operation (structure null when it failed). */
    private record Planned(long epoch, long operation, ModelStructure structure, Throwable failure) implements Command {}

    private final StreamSettings settings;
    private final StashBuffer<Command> stash;
    private final TimerScheduler<Command> timers;
    private final long epoch = ThreadLocalRandom.current().nextLong();
    private final List<EntityRef<BandRegressor.Command>> bands = new ArrayList<>();
    private final ActorRef<ModelAssembler.Command> assembler;
    private final ActorRef<BandRegressor.Reply> bandReplies;
    private final ActorRef<ModelAssembler.Published> publishedAdapter;

    private ModelStructure structure;          // null while warming up
    private int dimension = -1;                // the stream's: from the structure or the first accepted rows
    private RecordSchema columns;              // the stream's names and format, known with the dimension
    private RecentWindow window;
    private OffsetLedger ledger = new OffsetLedger(Map.of());
    private long absorbed, deadLettered, modelVersion, absorbedAtLastModel, absorbedAtLastPlan, bandAbsorbed, solveStartedNanos;
    private final Map<String, Long> deadLetteredByReason = new java.util.TreeMap<>();
    private final List<DMatrixRMaj> warmUpRows = new ArrayList<>();
    private final List<long[]> warmUpPositions = new ArrayList<>();
    private int warmUpCount;

    // The one operation in flight (band or assembler replies pending), and what completes it.
    private long operation;
    private int pending;
    private Runnable whenDone;
    private final List<BandRegressor.BandResult> results = new ArrayList<>();
    // A plan in flight on its own thread, and what adopts its structure.
    private boolean planning;
    private java.util.function.Consumer<ModelStructure> whenPlanned;
    /** The planner thread's log (an actor's context log is for its own thread only). */
    private static final org.slf4j.Logger PLAN_LOG = org.slf4j.LoggerFactory.getLogger(Partitioner.class);
    private final List<ActorRef<Done>> flushWaiters = new ArrayList<>();

    /** The partitioner under a restart-with-back-off supervisor; every (re)start is a new epoch from the newest snapshot. */
    public static Behavior<Command> create(StreamSettings settings, Supplier<StateStore> store) {
        return Behaviors.supervise(Behaviors.<Command>setup(ctx -> Behaviors.withTimers(timers -> Behaviors.withStash(10_000,
                        stash -> new Partitioner(ctx, stash, timers, settings, store.get())))))
                .onFailure(SupervisorStrategy.restartWithBackoff(settings.minBackoff(), settings.maxBackoff(), 0.2));
    }

    private Partitioner(ActorContext<Command> ctx, StashBuffer<Command> stash, TimerScheduler<Command> timers,
                        StreamSettings settings, StateStore store) {
        super(ctx);
        this.settings = settings;
        this.stash = stash;
        this.timers = timers;
        this.bandReplies = ctx.messageAdapter(BandRegressor.Reply.class, BandReplied::new);
        this.publishedAdapter = ctx.messageAdapter(ModelAssembler.Published.class, AssemblerDone::new);
        LearnerState restored = store.loadLatest().orElse(null);
        this.assembler = ctx.spawn(ModelAssembler.create(store, settings), "assembler");
        ctx.watch(assembler);
        if (restored != null) {
            ctx.getLog().info("epoch {}: resuming from snapshot v{} ({} absorbed, offsets {})", epoch, restored.modelVersion(), restored.absorbed(), restored.nextOffsets());
            restore(restored);
        }
        // A quiet stream still gets its last samples into a model, within model-max-age.
        if (!settings.modelMaxAge().isZero()) timers.startTimerWithFixedDelay(ModelAgeTick.INSTANCE, settings.modelMaxAge());
        // Readers that started under an earlier epoch must re-read from this one's offsets.
        ctx.getSystem().receptionist().tell(Receptionist.find(Ingestor.SERVICE_KEY, ctx.messageAdapter(Receptionist.Listing.class, l -> new IngestorsFound(l.getServiceInstances(Ingestor.SERVICE_KEY)))));
    }

    private void restore(LearnerState s) {
        structure = inFeedDialect(s.structure(), settings, getContext().getLog());
        dimension = structure.dimension();
        columns = structure.recordSchema();
        absorbed = s.absorbed();
        deadLettered = s.deadLettered();
        deadLetteredByReason.putAll(s.deadLetteredByReason());
        modelVersion = s.modelVersion();
        absorbedAtLastModel = absorbed;
        absorbedAtLastPlan = absorbed;
        ledger = new OffsetLedger(s.nextOffsets());
        window = new RecentWindow(settings.recentWindow(), structure.dimension());
        window.add(s.recentSamples(), s.recentPositions());
        resetBands(b -> new BandRegressor.Reset(assignment(b), structure, s.band(first(b), count(b)), s.absorbed(), null, bandReplies));
        bandAbsorbed = s.absorbed();
        awaitBands(this::unstashAll);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Ingest.class, this::onIngest)
                .onMessage(StartAt.class, m -> { m.replyTo().tell(new Offsets(epoch, ledger.nextOffsets(), dimension, columns)); return this; })
                .onMessage(Flush.class, this::onFlush)
                .onMessageEquals(Stop.INSTANCE, Behaviors::stopped)
                .onMessage(GetProgress.class, m -> {
                    m.replyTo().tell(new Progress(absorbed, deadLettered, structure == null ? warmUpCount : 0, Map.copyOf(deadLetteredByReason), ledger.nextOffsets()));
                    return this;
                })
                .onMessage(BandReplied.class, this::onBandReply)
                .onMessage(BandsOverdue.class, this::onBandsOverdue)
                .onMessage(AssemblerDone.class, m -> onReply())
                .onMessage(IngestorsFound.class, this::onIngestorsFound)
                .onMessage(Planned.class, this::onPlanned)
                .onMessageEquals(ModelAgeTick.INSTANCE, () -> {
                    if (pending == 0 && !planning && structure != null && absorbed > absorbedAtLastModel) collectModel();
                    return this;
                })
                .build();
    }

    private Behavior<Command> onIngestorsFound(IngestorsFound m) {
        getContext().getLog().info("epoch {}: telling {} ingestor(s) to read from its offsets", epoch, m.ingestors().size());
        m.ingestors().forEach(i -> i.tell(new Ingestor.PartitionerStarted(epoch)));
        return this;
    }

    private Behavior<Command> onIngest(Ingest m) {
        if (pending > 0 || planning) return stashed(m);
        if (dimension > 0 && m.rows().numRows > 0 && m.rows().numCols != dimension) {
            m.replyTo().tell(new Rejected("batch records have " + m.rows().numCols + " values, the stream's dimension is " + dimension));
            return this;
        }
        if (columns != null && m.rows().numRows > 0 && columns.conflictsWith(m.columns())) {
            m.replyTo().tell(new Rejected("batch records have the fields " + m.columns().describe() + ", the stream's are " + columns.describe()));
            return this;
        }
        OffsetLedger.Selection selection = ledger.select(m.positions(), m.covers());
        if (selection.gap() != null) {
            m.replyTo().tell(new Rejected(selection.gap()));
            return this;
        }
        int taken = 0, bad = 0;
        for (int i = 0; i < m.positions().length; i++) {
            if (!selection.take()[i]) continue;
            if (m.bad(i)) {
                bad++;
                deadLetteredByReason.merge(RecordCodec.Reason.values()[m.reasons()[i] - 1].headerValue(), 1L, Long::sum);
            } else {
                taken++;
            }
        }
        int d = m.rows().numCols;
        DMatrixRMaj rows;
        long[] positions;
        if (taken == m.positions().length) {
            // Every record good and not yet absorbed, the usual batch: its rows as they came (nobody
            // writes to a batch's arrays), not a copy of d values a record.
            rows = m.rows();
            positions = m.positions();
        } else {
            rows = new DMatrixRMaj(taken, d);
            positions = new long[taken];
            for (int i = 0, row = 0, out = 0; i < m.positions().length; i++) {
                if (m.bad(i)) continue;
                if (selection.take()[i]) {
                    System.arraycopy(m.rows().data, row * d, rows.data, out * d, d);
                    positions[out++] = m.positions()[i];
                }
                row++;
            }
        }
        ledger.commit(selection);
        deadLettered += bad;
        if (dimension < 0 && taken > 0) dimension = d;
        if (columns == null && taken > 0) columns = m.columns();
        if (structure == null) return warmUp(rows, positions, m.replyTo());
        if (taken == 0) {
            m.replyTo().tell(new Accepted());
            return this;
        }
        // Transformed and projected here, once: every band absorbs the same cell rows.
        ScoreLearner.CellRows cellRows = ScoreLearner.cellRows(structure, drawSchedule(settings, structure), rows, positions);
        bands.forEach(b -> b.tell(new BandRegressor.Absorb(epoch, structure.version(), cellRows, bandReplies)));
        bandAbsorbed += cellRows.recordCount();   // a band counts the records its cells learn: not those on a repeated row value
        awaitBands(() -> {
            absorbed += rows.numRows;
            window.add(rows, positions);
            m.replyTo().tell(new Accepted());
            afterBatch();
        });
        return this;
    }

    /** Until the first plan, good rows wait in memory; they are absorbed right after planning. */
    private Behavior<Command> warmUp(DMatrixRMaj rows, long[] positions, ActorRef<IngestReply> replyTo) {
        if (rows.numRows > 0) {
            warmUpRows.add(rows);
            warmUpPositions.add(positions);
            warmUpCount += rows.numRows;
        }
        if (warmUpCount < settings.warmUpSamples()) {
            replyTo.tell(new Accepted());
            return this;
        }
        // In position order, so the plan depends on which records came first, not on how they interleaved.
        DMatrixRMaj all = concatenate(warmUpRows);
        long[] allPositions = concatenate(warmUpPositions, warmUpCount);
        sortByPosition(all, allPositions);
        warmUpRows.clear();
        warmUpPositions.clear();
        window = new RecentWindow(settings.recentWindow(), all.numCols);
        window.add(all, allPositions);
        // Plan on exactly the first warm-up samples (batch boundaries depend on timing), absorb them all.
        DMatrixRMaj planRows = all.numRows == settings.warmUpSamples() ? all : new DMatrixRMaj(settings.warmUpSamples(), all.numCols);
        if (planRows != all) System.arraycopy(all.data, 0, planRows.data, 0, planRows.getNumElements());
        // Accepted now, like every warm-up batch before it (held, not yet absorbed): a plan at
        // d = 768 outlasted the reader's ask timeout when this reply waited for it.
        replyTo.tell(new Accepted());
        replan(planRows, all, allPositions, () -> {
            absorbed += all.numRows;
            afterBatch();
        });
        return this;
    }

    /**
     * The noise draws a stream's learners take of a record of this structure: fit's automatic
     * draws for the warm-up count, for each partition's first warm-up records ({@link DrawSchedule}).
     * A batch learner reproduces a stream's model with it.
     */
    public static DrawSchedule drawSchedule(StreamSettings settings, ModelStructure structure) {
        return DrawSchedule.forWarmUp(structure, settings.warmUpSamples());
    }

    /** The planning options of a stream: what a batch learner must use to reproduce its model. */
    public static FitOptions planOptions(StreamSettings settings, int dimension) {
        FitOptions given = FitOptions.defaults();
        // The default degree is left unset, as fit leaves it: the data may then judge full-rank cells of degree 1 against it.
        if (settings.degree() != FitOptions.PLANNING_DEGREE) given = given.withDegree(settings.degree());
        return given.withLevels(settings.levels())
                .withSeed(settings.seed()).withReservoir(settings.planReservoir()).withColumns(settings.columns())
                .resolve(dimension, settings.forgetting() < 1 ? (long) (1 / (1 - settings.forgetting())) : 1_000_000);
    }

    /**
     * A stream's structure on its planning rows (the first warm-up-samples records in position order,
     * or the recent window): what {@code fit} plans on those rows with {@link #planOptions} — chosen
     * on a seeded random plan-reservoir of them, judged on up to 16 384 of them. Both record paths
     * plan with this, and a batch learner reproduces a stream's model with it.
     */
    public static ModelStructure plan(StreamSettings settings, DMatrixRMaj rows, java.util.function.Consumer<String> log) {
        return plan(settings, rows, null, log);
    }

    /**
     * The plan of a stream whose records have these columns: a column of labels is drawn from its law
     * given the others, and a date written as columns (or a day of the week beside dates) is kept on
     * every generated record, as fit does; the structure's schema is the columns so marked.
     */
    public static ModelStructure plan(StreamSettings settings, DMatrixRMaj rows, RecordSchema columns, java.util.function.Consumer<String> log) {
        FitOptions options = planOptions(settings, rows.numCols);
        if (columns != null && columns.hasLabels()) options = options.withColumns(options.columns().withLabelCounts(columns.labelCounts()).withLabelNames(columns.labels()));
        ModelStructure planned = Fitter.plan(rows, options, log);
        return columns == null ? planned : planned.withRecordSchema(DateRoles.marked(rows, columns, log));
    }

    /**
     * A stored structure whose CSV lines were read in another dialect than the feed's now
     * (input.csv-delimiter and decimal-mark changed between runs), with the feed's: the columns are
     * the same, so the model stays, and its generated lines follow what the node reads now.
     */
    static ModelStructure inFeedDialect(ModelStructure stored, StreamSettings settings, org.slf4j.Logger log) {
        RecordSchema schema = stored.recordSchema();
        if (schema.format() != RecordSchema.Format.CSV || schema.dialect().equals(settings.csvDialect())) return stored;
        log.info("the stored model's CSV lines were read with {}; the feed's are now read with {}: its generated lines are written so",
                schema.dialect().describe(), settings.csvDialect().describe());
        return stored.withRecordSchema(schema.withDialect(settings.csvDialect()));
    }

    /** The planned structure's schema where it holds the stream's columns (with the roles its plan marked), else the columns. */
    static RecordSchema named(ModelStructure planned, RecordSchema columns) {
        if (columns == null) return RecordSchema.UNNAMED_CSV;
        RecordSchema marked = planned.recordSchema();
        return marked.format() == columns.format() && !marked.conflictsWith(columns) ? marked : columns;
    }

    /**
     * Plans a new partition version on planRows and restarts every band's statistics on rows. The
     * plan runs on a thread of its own (minutes at d = 768 on a loaded machine), so this actor still
     * answers StartAt, GetProgress and Flush meanwhile; batches wait in the stash until it is adopted.
     */
    private void replan(DMatrixRMaj planRows, DMatrixRMaj rows, long[] positions, Runnable then) {
        long version = structure == null ? 1 : structure.version() + 1;
        planning = true;
        long planOperation = ++operation;
        RecordSchema schema = columns;   // read here, not on the planner's thread
        whenPlanned = planned -> {
            structure = planned.withVersion(version, named(planned, columns));
            absorbedAtLastPlan = absorbed;
            ScoreLearner.CellRows cellRows = ScoreLearner.cellRows(structure, drawSchedule(settings, structure), rows, positions);
            resetBands(b -> new BandRegressor.Reset(assignment(b), structure, null, 0, cellRows, bandReplies));
            bandAbsorbed = cellRows.recordCount();
            awaitBands(then);
        };
        getContext().pipeToSelf(java.util.concurrent.CompletableFuture.supplyAsync(
                        () -> plan(settings, planRows, schema, line -> PLAN_LOG.info("partition v{}: {}", version, line)), Partitioner::onPlannerThread),
                (planned, failure) -> new Planned(epoch, planOperation, planned, failure));
    }

    private static void onPlannerThread(Runnable plan) {
        Thread thread = new Thread(plan, "scorestream-planner");
        thread.setDaemon(true);
        thread.start();
    }

    private Behavior<Command> onPlanned(Planned m) {
        if (!planning || m.epoch() != epoch || m.operation() != operation) return this;   // an earlier incarnation's plan (the ref survives restarts)
        planning = false;
        if (m.failure() != null) throw new IllegalStateException("planning the partitions failed; rolling back to the newest snapshot", m.failure());
        java.util.function.Consumer<ModelStructure> adopt = whenPlanned;
        whenPlanned = null;
        adopt.accept(m.structure());
        return this;
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
        if (pending == 0 && !planning) collectModel();
        return this;
    }


    private void collectModel() {
        results.clear();
        solveStartedNanos = System.nanoTime();
        bands.forEach(b -> b.tell(new BandRegressor.Solve(epoch, bandReplies)));
        awaitBands(() -> {
            modelVersion++;
            absorbedAtLastModel = absorbed;
            results.sort((a, b) -> Integer.compare(a.firstLevel(), b.firstLevel()));
            assembler.tell(new ModelAssembler.Assemble(structure, List.copyOf(results), modelVersion, absorbed, deadLettered,
                    Map.copyOf(deadLetteredByReason), (System.nanoTime() - solveStartedNanos) / 1e9, ledger.nextOffsets(), window.rows(), window.positions(), publishedAdapter));
            await(1, () -> {
                flushWaiters.forEach(w -> w.tell(Done.getInstance()));
                flushWaiters.clear();
                unstashAll();
            });
        });
    }

    private Behavior<Command> onBandReply(BandReplied m) {
        BandRegressor.Reply reply = m.reply();
        if (reply instanceof BandRegressor.Missing missing)
            throw new IllegalStateException(missing.why() + "; rolling back to the newest snapshot");
        if (reply instanceof BandRegressor.Ack ack && ack.absorbed() != bandAbsorbed)
            throw new IllegalStateException("band " + ack.band() + " holds " + ack.absorbed() + " samples, expected " + bandAbsorbed + "; rolling back to the newest snapshot");
        if (reply instanceof BandRegressor.BandResult result) {
            if (result.partitionVersion() != structure.version())
                throw new IllegalStateException("band " + result.band() + " solved partition v" + result.partitionVersion() + ", expected v" + structure.version());
            results.add(result);
        }
        return onReply();
    }

    private Behavior<Command> onBandsOverdue(BandsOverdue m) {
        if (m.operation() != operation || pending == 0) return this;
        throw new IllegalStateException(pending + " band(s) did not answer within " + settings.bandTimeout() + "; rolling back to the newest snapshot");
    }

    private Behavior<Command> onReply() {
        if (--pending == 0) {
            timers.cancel(BandsOverdue.class);
            Runnable next = whenDone;
            whenDone = null;
            next.run();
        }
        return this;
    }

    private void resetBands(java.util.function.IntFunction<BandRegressor.Reset> reset) {
        if (bands.isEmpty()) {
            ClusterSharding sharding = ClusterSharding.get(getContext().getSystem());
            for (int b = 0; b < bandCount(); b++) bands.add(sharding.entityRefFor(BandRegressor.TYPE_KEY, String.valueOf(b)));
        }
        for (int b = 0; b < bands.size(); b++) bands.get(b).tell(reset.apply(b));
    }

    private void awaitBands(Runnable then) {
        await(bands.size(), then);
        timers.startSingleTimer(BandsOverdue.class, new BandsOverdue(operation), settings.bandTimeout());
    }

    private void await(int replies, Runnable then) {
        operation++;
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

    // Bands split the levels evenly; a band's levels are [first(b), first(b) + count(b)).
    private int levelsPerBand() { return (structure.levelCount() + settings.levelBands() - 1) / settings.levelBands(); }
    private int bandCount() { return (structure.levelCount() + levelsPerBand() - 1) / levelsPerBand(); }
    private int first(int band) { return band * levelsPerBand(); }
    private int count(int band) { return Math.min(levelsPerBand(), structure.levelCount() - first(band)); }

    private BandRegressor.Assignment assignment(int band) {
        return new BandRegressor.Assignment(epoch, first(band), count(band), settings.seed(), settings.forgetting(), settings.noWorkLearners());
    }

    private static void sortByPosition(DMatrixRMaj rows, long[] positions) {
        Integer[] order = new Integer[positions.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> Long.compare(positions[a], positions[b]));
        double[] data = rows.data.clone();
        long[] was = positions.clone();
        int d = rows.numCols;
        for (int i = 0; i < order.length; i++) {
            System.arraycopy(data, order[i] * d, rows.data, i * d, d);
            positions[i] = was[order[i]];
        }
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
