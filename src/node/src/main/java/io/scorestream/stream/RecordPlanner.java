package io.scorestream.stream;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.Terminated;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.actor.typed.receptionist.Receptionist;
import io.scorestream.learn.LearnerState;
import io.scorestream.learn.ScoreLearner;
import io.scorestream.learn.StateStore;
import io.scorestream.model.ModelStructure;
import io.scorestream.regression.CellStatistics;
import org.ejml.data.DMatrixRMaj;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The cluster singleton of the partition-local record path (docs/architecture.md §3), off the
 * path of every record: it plans the structure once, from the first warm-up-samples good records
 * it reads from Kafka itself ({@link WarmUpReader}), stores it, and tells every node's
 * {@link PartitionLearner}; then, whenever the learners' counts (asked every cluster.count-interval:
 * a few numbers per partition, nothing per record) show model-every-samples records absorbed since
 * the last model, every model-max-age, and whenever a node drains, it asks every learner to report,
 * and builds the model from exact prefixes of every partition (P5). Each node sums its partitions
 * and reports one sum with the prefix of each partition in it ({@link NodeSums}); the model is the
 * sum of those when no partition is in two of them and none is behind the last model. Otherwise
 * (a rebalance under way) that version is built from per-partition reports: per partition the report
 * of the largest next offset, summed over the partitions. Statistics are sums, and each partition's
 * is an exact prefix of it, so either sum is an exact prefix of the stream, whichever node each came
 * from. The {@link ModelAssembler} publishes it and stores the merged snapshot.
 */
public final class RecordPlanner extends AbstractBehavior<RecordPlanner.Command> {

    public sealed interface Command extends CborSerializable {}

    /** A partition's counts: the prefix [0, next) of it that its statistics describe. */
    public record PartitionCount(long next, long absorbed, long deadLettered, Map<String, Long> deadLetteredByReason) implements CborSerializable {}

    /** One slice of levels [firstLevel, firstLevel + statistics.length) of a partition's statistics, under structure version. */
    public record PartitionReport(int partition, long structureVersion, PartitionCount count, int firstLevel, int slices,
                                  CellStatistics[][] statistics) implements Command {}

    /**
     * One slice of levels of a node's sum of its partitions' statistics in a round, with the prefix of
     * each partition in the sum (claims).
     */
    public record NodeReport(long round, ActorRef<PartitionLearner.Command> learner, long structureVersion,
                             Map<Integer, PartitionCount> claims, int firstLevel, int slices, CellStatistics[][] statistics) implements Command {}

    /** A learner has sent all its partitions' reports of that round. */
    public record LearnerReported(long round, ActorRef<PartitionLearner.Command> learner) implements Command {}

    public record LearnerCounts(long round, ActorRef<PartitionLearner.Command> learner, Map<Integer, PartitionCount> counts) implements Command {}

    /**
     * A learner that (re)started asks for the structure (the receptionist lists a restarted learner
     * only once). restarted: its supervisor restarted it, so the round under way will not hear from
     * it (the message it failed on is lost with the state it held).
     */
    public record StructureWanted(ActorRef<PartitionLearner.Command> learner, boolean restarted) implements Command {}

    /** Build and publish a model now; replyTo (may be null) hears once it is published. */
    public record Collect(ActorRef<Done> replyTo) implements Command {}

    /** How far the cluster has got, from every learner's counts (the planner's newest reports where larger). */
    public record GetProgress(ActorRef<Partitioner.Progress> replyTo) implements Command {}

    /** The singleton's stop message when it moves: nothing of it is on the record path, so it just stops. */
    public enum Stop implements Command { INSTANCE }

    private record LearnersFound(Set<ActorRef<PartitionLearner.Command>> learners) implements Command {}
    private enum Tick implements Command { INSTANCE }
    private enum CountTick implements Command { INSTANCE }
    private enum RetryModel implements Command { INSTANCE }
    private enum PollWarmUp implements Command { INSTANCE }
    private record ReportsOverdue(long round) implements Command {}
    private record CountsOverdue(long round) implements Command {}
    private record AssemblerDone(ModelAssembler.Published published) implements Command {}

    /** The newest complete report of a partition, or one being received (a class: the actor's records are its messages). */
    private static final class Report {
        private final PartitionCount count;
        private final SlicedStatistics levels;

        Report(PartitionCount count, SlicedStatistics levels) {
            this.count = count;
            this.levels = levels;
        }

        PartitionCount count() { return count; }
        SlicedStatistics levels() { return levels; }
    }

    private final StreamSettings settings;
    private final TimerScheduler<Command> timers;
    private final StateStore planStore;
    private final IntFunction<StateStore> partitionStores;
    private final StateStore merged;
    private ActorRef<ModelAssembler.Command> assembler;
    private int assemblers = 1;
    private final ActorRef<ModelAssembler.Published> publishedAdapter;
    private ModelStructure structure;
    private WarmUpReader warmUp;
    private Set<ActorRef<PartitionLearner.Command>> learners = Set.of();
    private final Map<Integer, Report> newest = new TreeMap<>(), receiving = new HashMap<>();
    private long modelVersion, published = -1;   // published: the sum of the offsets of the last model
    private long publishedAbsorbed;              // the records absorbed into the last model: the count trigger's base
    private long assemblingOffsetSum, assemblingAbsorbed;   // the model being assembled: published and publishedAbsorbed once it is
    // The last model's offsets: no model may hold less of a partition (a model's offsets never go back).
    // Partition snapshots keep their own cadence, so after a restart this planner's newest reports
    // (loaded from them) can be behind the model it published before.
    private Map<Integer, Long> publishedOffsets = Map.of(), assemblingOffsets = Map.of();
    private long againSnapshotAfter = Long.MAX_VALUE;   // the snapshot threshold of the round asked for while one was under way
    private long round, countsRound;
    private final Set<ActorRef<PartitionLearner.Command>> reportsPending = new HashSet<>(), countsPending = new HashSet<>();
    private final List<ActorRef<Done>> roundWaiters = new ArrayList<>(), nextWaiters = new ArrayList<>();
    private boolean collecting, assembling, collectAgain;
    private final Map<Integer, PartitionCount> counts = new TreeMap<>();
    private final List<ActorRef<Partitioner.Progress>> progressWaiters = new ArrayList<>();
    private boolean countsInFlight, versionCheck;
    private boolean summedRound, perPartitionNext;   // this round's reports are node sums; the next one's must not be
    private NodeSums sums;
    private Map<Integer, PartitionCount> modelCounts = Map.of();   // the counts of the last model from node sums

    /**
     * The planner under a restart-with-back-off supervisor. merged: where the assembler stores the
     * merged snapshot; plan: where the structure is kept; partitionStores: each partition's snapshots.
     */
    public static Behavior<Command> create(StreamSettings settings, Supplier<StateStore> merged, Supplier<StateStore> plan, IntFunction<StateStore> partitionStores) {
        return Behaviors.supervise(Behaviors.<Command>setup(ctx -> Behaviors.withTimers(timers ->
                        new RecordPlanner(ctx, timers, settings, merged.get(), plan.get(), partitionStores))))
                .onFailure(SupervisorStrategy.restartWithBackoff(settings.minBackoff(), settings.maxBackoff(), 0.2));
    }

    private RecordPlanner(ActorContext<Command> ctx, TimerScheduler<Command> timers, StreamSettings settings, StateStore merged,
                          StateStore planStore, IntFunction<StateStore> partitionStores) {
        super(ctx);
        this.settings = settings;
        this.timers = timers;
        this.planStore = planStore;
        this.partitionStores = partitionStores;
        this.publishedAdapter = ctx.messageAdapter(ModelAssembler.Published.class, AssemblerDone::new);
        this.merged = merged;
        this.assembler = ctx.spawn(ModelAssembler.create(merged, settings), "assembler");
        // A failed assembler (its snapshot could not be written) would leave the model assembling for ever.
        ctx.watch(assembler);
        LearnerState last = merged.loadLatest().orElse(null);
        modelVersion = last == null ? 0 : last.modelVersion();
        publishedAbsorbed = last == null ? 0 : last.absorbed();
        if (last != null) publishedOffsets = Map.copyOf(last.nextOffsets());
        LearnerState plan = planStore.loadLatest().orElse(null);
        if (plan != null) {
            structure = Partitioner.inFeedDialect(plan.structure(), settings, ctx.getLog());
            for (int p = 0; p < WarmUpReader.partitionCount(settings); p++) {
                int partition = p;
                partitionStores.apply(p).loadLatest().ifPresent(s -> offer(partition, countOf(partition, s), 0, s.statistics(), 1));
            }
            ctx.getLog().info("planner: structure v{} from {}; newest partition snapshots at {}", structure.version(), planStore.describe(), nextOffsets());
        } else {
            warmUp = new WarmUpReader(settings);
            timers.startSingleTimer(PollWarmUp.INSTANCE, Duration.ofMillis(50));
        }
        if (!settings.modelMaxAge().isZero()) timers.startTimerWithFixedDelay(Tick.INSTANCE, settings.modelMaxAge());
        timers.startTimerWithFixedDelay(CountTick.INSTANCE, settings.countInterval());
        ctx.getSystem().receptionist().tell(Receptionist.subscribe(PartitionLearner.SERVICE_KEY,
                ctx.messageAdapter(Receptionist.Listing.class, l -> new LearnersFound(l.getServiceInstances(PartitionLearner.SERVICE_KEY)))));
    }

    private static PartitionCount countOf(int partition, LearnerState s) {
        return new PartitionCount(s.nextOffsets().getOrDefault(partition, 0L), s.absorbed(), s.deadLettered(), s.deadLetteredByReason());
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(LearnersFound.class, m -> {
                    learners = m.learners();
                    announce();
                    return this;
                })
                .onMessage(StructureWanted.class, this::onStructureWanted)
                .onMessageEquals(PollWarmUp.INSTANCE, this::pollWarmUp)
                .onMessage(PartitionReport.class, this::onReport)
                .onMessage(NodeReport.class, m -> {
                    if (m.round() == round && collecting && summedRound && structure != null && m.structureVersion() == structure.version())
                        sums.add(m.learner(), m.claims(), m.firstLevel(), m.slices(), m.statistics());
                    return this;
                })
                .onMessage(LearnerReported.class, m -> {
                    if (m.round() == round && reportsPending.remove(m.learner()) && reportsPending.isEmpty()) finishRound();
                    return this;
                })
                .onMessage(ReportsOverdue.class, m -> {
                    if (m.round() == round && collecting) {
                        getContext().getLog().warn("planner: {} learner(s) did not report within {}; building the model without their newest", reportsPending.size(), settings.bandTimeout());
                        finishRound();
                    }
                    return this;
                })
                .onMessage(Collect.class, m -> {
                    getContext().getLog().info("planner: a model asked for (a node drains){}", structure == null ? "; no structure yet" : collecting || assembling ? "; after the version under way" : "");
                    if (m.replyTo() != null) nextWaiters.add(m.replyTo());
                    startRound(1);
                    return this;
                })
                .onMessageEquals(Tick.INSTANCE, () -> { startRound(1); return this; })
                .onMessageEquals(CountTick.INSTANCE, () -> {
                    // A version by record count: only the counts cross nodes, and only while no round is under way.
                    if (structure != null && !collecting && !assembling) {
                        versionCheck = true;
                        askCounts();
                    }
                    return this;
                })
                .onMessage(AssemblerDone.class, m -> {
                    assembling = false;
                    modelVersion = m.published().modelVersion();
                    published = assemblingOffsetSum;
                    publishedAbsorbed = assemblingAbsorbed;
                    publishedOffsets = assemblingOffsets;
                    roundWaiters.forEach(w -> w.tell(Done.getInstance()));
                    roundWaiters.clear();
                    if (collectAgain) startRound(againSnapshotAfter);
                    return this;
                })
                .onMessage(GetProgress.class, this::onGetProgress)
                .onMessage(LearnerCounts.class, m -> {
                    if (m.round() != countsRound) return this;
                    m.counts().forEach(this::countAtLeast);
                    if (countsPending.remove(m.learner()) && countsPending.isEmpty()) countsDone();
                    return this;
                })
                .onMessage(CountsOverdue.class, m -> {
                    if (m.round() == countsRound && countsInFlight) countsDone();
                    return this;
                })
                .onMessageEquals(RetryModel.INSTANCE, () -> { startRound(1); return this; })
                .onSignal(Terminated.class, this::onAssemblerStopped)
                .onMessageEquals(Stop.INSTANCE, Behaviors::stopped)
                .onSignal(PostStop.class, s -> {
                    if (warmUp != null) warmUp.close();
                    return this;
                })
                .build();
    }

    /**
     * A restarted learner lost the round it failed in: waiting band-timeout for its report would only
     * delay the model, which is built without its newest as after a timeout (its partitions' newest
     * prefixes come again from their snapshots, which its reader resumes from).
     */
    private Behavior<Command> onStructureWanted(StructureWanted m) {
        if (structure != null) m.learner().tell(new PartitionLearner.UseStructure(structure));
        if (!m.restarted()) return this;
        if (collecting && reportsPending.remove(m.learner())) {
            getContext().getLog().warn("planner: a learner restarted during round {}; building the model without its newest", round);
            if (reportsPending.isEmpty()) finishRound();
        }
        if (countsInFlight && countsPending.remove(m.learner()) && countsPending.isEmpty()) countsDone();
        return this;
    }

    private void announce() {
        if (structure != null) learners.forEach(l -> l.tell(new PartitionLearner.UseStructure(structure)));
    }

    private Behavior<Command> pollWarmUp() {
        ModelStructure planned = warmUp.poll(line -> getContext().getLog().info("partition v1: {}", line));
        if (planned == null) {
            timers.startSingleTimer(PollWarmUp.INSTANCE, Duration.ofMillis(100));
            return this;
        }
        warmUp.close();
        warmUp = null;
        // Durable before any learner absorbs under it: a restarted planner must not plan again.
        CellStatistics[][] empty = new ScoreLearner(planned, settings.seed(), 1, BandRegressor.RIDGE).statistics();
        planStore.save(new LearnerState(planned, empty, 0, 0, Map.of(), Map.of(), 1, new DMatrixRMaj(0, planned.dimension()), new long[0], System.currentTimeMillis()));
        structure = planned;
        getContext().getLog().info("planner: structure v1 planned and stored in {}; telling {} learner(s)", planStore.describe(), learners.size());
        announce();
        return this;
    }

    private Behavior<Command> onReport(PartitionReport m) {
        if (structure == null || m.structureVersion() != structure.version()) return this;
        Report best = newest.get(m.partition());
        if (best != null && best.count().next() >= m.count().next()) return this;   // not further than what a model already has
        Report building = receiving.get(m.partition());
        if (building == null || building.count().next() < m.count().next()) {
            building = new Report(m.count(), new SlicedStatistics(structure.levelCount(), m.slices()));
            receiving.put(m.partition(), building);
        } else if (building.count().next() > m.count().next()) {
            return this;   // an older prefix (a former owner's)
        }
        building.levels().take(m.firstLevel(), m.statistics());
        if (building.levels().whole()) {
            receiving.remove(m.partition());
            newest.put(m.partition(), building);
        }
        return this;
    }

    private void offer(int partition, PartitionCount count, int firstLevel, CellStatistics[][] statistics, int slices) {
        onReport(new PartitionReport(partition, structure.version(), count, firstLevel, slices, statistics));
    }

    /**
     * Asks every learner to report. snapshotAfter: each learner first snapshots the partitions whose
     * offset moved at least this much since their last snapshot — model-every-samples on a version by
     * record count (so each partition is snapshotted about once per model-every-samples of its own
     * records, whatever the number of partitions), 1 (every partition that moved) on model-max-age, a
     * drain or a retry.
     */
    private void startRound(long snapshotAfter) {
        if (structure == null) return;
        if (collecting || assembling) {
            collectAgain = true;
            againSnapshotAfter = Math.min(againSnapshotAfter, snapshotAfter);
            return;
        }
        collectAgain = false;
        againSnapshotAfter = Long.MAX_VALUE;
        collecting = true;
        summedRound = !perPartitionNext;
        perPartitionNext = false;
        sums = new NodeSums(structure.levelCount());
        roundWaiters.addAll(nextWaiters);
        nextWaiters.clear();
        round++;
        reportsPending.clear();
        reportsPending.addAll(learners);
        ActorRef<Command> self = getContext().getSelf();
        boolean summed = summedRound;
        learners.forEach(l -> l.tell(new PartitionLearner.Report(round, self, snapshotAfter, summed)));
        timers.startSingleTimer(ReportsOverdue.class, new ReportsOverdue(round), settings.bandTimeout());
        if (reportsPending.isEmpty()) finishRound();
    }

    /** Builds this round's model from the node sums, or from the newest report of every partition. */
    private void finishRound() {
        collecting = false;
        timers.cancel(ReportsOverdue.class);
        if (!summedRound) {
            if (!roundWaiters.isEmpty()) readSnapshotsOfPartitionsBehind();
            Map<Integer, PartitionCount> parts = new TreeMap<>();
            newest.forEach((p, r) -> parts.put(p, r.count()));
            publish(parts, () -> StatisticsSum.of(newest.values().stream().map(r -> r.levels().statistics).toList()));
            return;
        }
        String conflict = sums.conflict(publishedOffsets, newest.keySet());
        if (conflict != null) {
            // Per-partition reports resolve it: the planner keeps each partition's furthest prefix.
            getContext().getLog().info("planner: node sums not taken ({}); this version from per-partition reports", conflict);
            perPartitionNext = true;
            startRound(collectAgain ? againSnapshotAfter : Long.MAX_VALUE);   // this round's snapshots are written
            return;
        }
        modelCounts = sums.claims();
        publish(modelCounts, sums::sum);
    }

    /**
     * A partition whose newest report is behind the last model may have been handed over just now:
     * its former owner snapshotted it as it left, and its new owner may be stopping too (a drain),
     * so no one would report it again. Its newest snapshot is an exact prefix like any report, so
     * the planner reads it, as it does when it starts, rather than wait for an owner. Only for a
     * round someone waits for (a drain): a store read can be a read of the whole snapshot topic, and
     * otherwise the partition's owner will report it.
     */
    private void readSnapshotsOfPartitionsBehind() {
        publishedOffsets.forEach((partition, at) -> {
            Report had = newest.get(partition);
            if (had != null && had.count().next() >= at) return;
            partitionStores.apply(partition).loadLatest()
                    .filter(s -> s.structure().version() == structure.version() && s.nextOffsets().getOrDefault(partition, 0L) > (had == null ? 0 : had.count().next()))
                    .ifPresent(s -> {
                        getContext().getLog().info("planner: partition {} is behind model v{}; its newest snapshot is at {}", partition, modelVersion, s.nextOffsets().get(partition));
                        offer(partition, countOf(partition, s), 0, s.statistics(), 1);
                    });
        });
    }

    /** Has the assembler publish the sum of these partitions' prefixes, if anything moved (or someone waits). */
    private void publish(Map<Integer, PartitionCount> parts, Supplier<CellStatistics[][]> summed) {
        long offsetSum = parts.values().stream().mapToLong(PartitionCount::next).sum();
        // Nothing taken yet, or nothing new and nobody waiting: no model (a model of no records helps no one).
        if (offsetSum == 0 || (offsetSum == published && roundWaiters.isEmpty())) {
            roundWaiters.forEach(w -> w.tell(Done.getInstance()));
            roundWaiters.clear();
            if (collectAgain) startRound(againSnapshotAfter);
            return;
        }
        Map<Integer, Long> offsets = new TreeMap<>();
        parts.forEach((p, c) -> offsets.put(p, c.next()));
        List<Integer> behind = publishedOffsets.entrySet().stream().filter(e -> offsets.getOrDefault(e.getKey(), 0L) < e.getValue()).map(Map.Entry::getKey).toList();
        if (!behind.isEmpty()) {
            // A partition's newest report is behind the last model (a restarted planner that loaded an
            // older snapshot, whose partition's owner has not re-read that far yet): no model until it is.
            getContext().getLog().info("planner: partitions {} are behind model v{} ({} < {}); no model until their owners have re-read that far",
                    behind, modelVersion, behind.stream().map(p -> offsets.getOrDefault(p, 0L)).toList(), behind.stream().map(publishedOffsets::get).toList());
            nextWaiters.addAll(0, roundWaiters);
            roundWaiters.clear();
            if (collectAgain || !nextWaiters.isEmpty()) timers.startSingleTimer(RetryModel.INSTANCE, settings.minBackoff());
            collectAgain = false;
            return;
        }
        long started = System.nanoTime();
        CellStatistics[][] sum = summed.get();
        long absorbed = 0, deadLettered = 0;
        Map<String, Long> byReason = new TreeMap<>();
        for (PartitionCount c : parts.values()) {
            absorbed += c.absorbed();
            deadLettered += c.deadLettered();
            c.deadLetteredByReason().forEach((k, v) -> byReason.merge(k, v, Long::sum));
        }
        List<BandRegressor.BandResult> bands = solve(sum, absorbed);
        assemblingOffsetSum = offsetSum;
        assemblingAbsorbed = absorbed;
        assemblingOffsets = offsets;
        assembling = true;
        assembler.tell(new ModelAssembler.Assemble(structure, bands, modelVersion + 1, absorbed, deadLettered, byReason,
                (System.nanoTime() - started) / 1e9, offsets, new DMatrixRMaj(0, structure.dimension()), new long[0], publishedAdapter));
    }

    /**
     * The assembler failed (the merged snapshot could not be written, P5: no model without it): a new
     * one takes its place, the version it was building is built again after a back-off, and whoever
     * waited for it waits for that one.
     */
    private Behavior<Command> onAssemblerStopped(Terminated t) {
        if (!t.getRef().equals(assembler)) return this;
        getContext().getLog().warn("planner: the model assembler stopped ({}); building v{} again in {}", t instanceof akka.actor.typed.ChildFailed f ? f.getCause().toString() : "stopped",
                modelVersion + 1, settings.minBackoff());
        assembler = getContext().spawn(ModelAssembler.create(merged, settings), "assembler-" + ++assemblers);
        getContext().watch(assembler);
        assembling = false;
        nextWaiters.addAll(0, roundWaiters);
        roundWaiters.clear();
        timers.startSingleTimer(RetryModel.INSTANCE, settings.minBackoff());
        return this;
    }

    /** Solves the summed statistics in bands of levels, in parallel, as today's band regressors would. */
    private List<BandRegressor.BandResult> solve(CellStatistics[][] sum, long absorbed) {
        int levels = structure.levelCount(), per = (levels + settings.levelBands() - 1) / settings.levelBands();
        int bands = (levels + per - 1) / per;
        return java.util.stream.IntStream.range(0, bands).parallel().mapToObj(b -> {
            int first = b * per, count = Math.min(per, levels - first);
            ScoreLearner learner = new ScoreLearner(structure, settings.seed(), settings.forgetting(), BandRegressor.RIDGE, first, count);
            CellStatistics[][] band = new CellStatistics[count][];
            System.arraycopy(sum, first, band, 0, count);
            learner.restore(band, absorbed);
            // The sum is this round's own (fresh, never changed after): the band's slice of it goes to
            // the assembler as it is, without another copy of the statistics (≈ S per version).
            return new BandRegressor.BandResult(b, first, learner.solveLevels(), band, structure.version());
        }).toList();
    }

    private Map<Integer, Long> nextOffsets() {
        Map<Integer, Long> out = new TreeMap<>();
        newest.forEach((p, r) -> out.put(p, r.count().next()));
        return out;
    }

    private Behavior<Command> onGetProgress(GetProgress m) {
        progressWaiters.add(m.replyTo());
        askCounts();
        return this;
    }

    /** Asks every learner for its counts, unless a round of counts is on its way already. */
    private void askCounts() {
        if (countsInFlight) return;
        countsInFlight = true;
        counts.clear();
        newest.forEach((p, r) -> counts.put(p, r.count()));
        modelCounts.forEach(this::countAtLeast);
        countsRound++;
        countsPending.clear();
        countsPending.addAll(learners);
        ActorRef<Command> self = getContext().getSelf();
        learners.forEach(l -> l.tell(new PartitionLearner.GetCounts(countsRound, self)));
        timers.startSingleTimer(CountsOverdue.class, new CountsOverdue(countsRound), Duration.ofSeconds(2));
        if (countsPending.isEmpty()) countsDone();
    }

    private void countAtLeast(int partition, PartitionCount count) {
        PartitionCount had = counts.get(partition);
        if (had == null || had.next() < count.next()) counts.put(partition, count);
    }

    /**
     * A round of counts is complete (or overdue): answers whoever asked for progress, and starts a
     * model version if model-every-samples records were absorbed since the last model.
     */
    private void countsDone() {
        timers.cancel(CountsOverdue.class);
        countsInFlight = false;
        Partitioner.Progress progress = progress();
        progressWaiters.forEach(w -> w.tell(progress));
        progressWaiters.clear();
        if (versionCheck) {
            versionCheck = false;
            if (!collecting && !assembling && progress.absorbed() - publishedAbsorbed >= settings.modelEverySamples()) startRound(settings.modelEverySamples());
        }
    }

    private Partitioner.Progress progress() {
        long absorbed = 0, deadLettered = 0;
        Map<String, Long> byReason = new TreeMap<>();
        Map<Integer, Long> next = new TreeMap<>();
        for (Map.Entry<Integer, PartitionCount> e : counts.entrySet()) {
            absorbed += e.getValue().absorbed();
            deadLettered += e.getValue().deadLettered();
            e.getValue().deadLetteredByReason().forEach((k, v) -> byReason.merge(k, v, Long::sum));
            next.put(e.getKey(), e.getValue().next());
        }
        long warmingUp = structure == null ? Math.max(1, warmUp == null ? 0 : warmUp.held()) : 0;
        return new Partitioner.Progress(absorbed, deadLettered, warmingUp, byReason, next);
    }
}
