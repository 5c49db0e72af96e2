package io.scorestream.stream;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.receptionist.Receptionist;
import akka.actor.typed.receptionist.ServiceKey;
import io.scorestream.regression.CellStatistics;

import java.util.HashMap;
import java.util.Map;

/**
 * The model side of issue 17's record path, as the measurement prototype {@code bench-ceiling}
 * runs (with {@link LocalAbsorber}). It keeps, per Kafka partition, the newest statistics that
 * partition's owner sent with the next offset they stand for, and whenever every partition of the
 * topic has a complete set and one of them is new, sums them (statistics are sums) into one version's statistics
 * — the merge a model version would be solved from. The sum of exact per-partition prefixes is an
 * exact prefix of the stream, whichever node each came from.
 */
public final class PartitionStatisticsAssembler extends AbstractBehavior<PartitionStatisticsAssembler.Command> {

    public static final ServiceKey<Command> SERVICE_KEY = ServiceKey.create(Command.class, "scorestream-statistics-assembler");

    public sealed interface Command extends CborSerializable {}

    /** One slice of levels [firstLevel, firstLevel + statistics.length) of a partition's statistics, standing for offsets [0, nextOffset). */
    public record PartitionStatistics(int partition, long nextOffset, long absorbed, int firstLevel, int slices,
                                      CellStatistics[][] statistics) implements Command {}

    /** Versions summed so far; of the last: the records it stands for, its offsets and statistics [level][cell]; the seconds spent summing. */
    public record GetAssembled(ActorRef<Assembled> replyTo) implements Command {}

    public record Assembled(long versions, long absorbed, Map<Integer, Long> nextOffsets, CellStatistics[][] statistics,
                            double mergeSeconds) implements CborSerializable {}

    private record Report(long nextOffset, long absorbed, Map<Integer, CellStatistics[][]> slices, int expected) {
        boolean complete() { return slices.size() == expected; }
    }

    private final int partitions;
    private final Map<Integer, Report> newest = new HashMap<>();
    private boolean changed;   // a partition's newest report completed since the last version
    private long versions, versionAbsorbed, mergeNanos;
    private Map<Integer, Long> versionOffsets = Map.of();
    private CellStatistics[][] versionStatistics;

    /** The assembler of a samples topic of that many partitions: a version needs every one of them. */
    public static Behavior<Command> create(int partitions) {
        return Behaviors.setup(ctx -> new PartitionStatisticsAssembler(ctx, partitions));
    }

    private PartitionStatisticsAssembler(ActorContext<Command> ctx, int partitions) {
        super(ctx);
        this.partitions = partitions;
        ctx.getSystem().receptionist().tell(Receptionist.register(SERVICE_KEY, ctx.getSelf()));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(PartitionStatistics.class, this::onStatistics)
                .onMessage(GetAssembled.class, m -> {
                    m.replyTo().tell(new Assembled(versions, versionAbsorbed, versionOffsets, versionStatistics, mergeNanos / 1e9));
                    return this;
                })
                .build();
    }

    private Behavior<Command> onStatistics(PartitionStatistics m) {
        Report report = newest.get(m.partition());
        if (report != null && report.nextOffset() > m.nextOffset()) return this;   // an older prefix of that partition (a former owner)
        if (report == null || report.nextOffset() < m.nextOffset()) {
            report = new Report(m.nextOffset(), m.absorbed(), new HashMap<>(), m.slices());
            newest.put(m.partition(), report);
        }
        report.slices().put(m.firstLevel(), m.statistics());
        changed |= report.complete();
        if (changed && newest.size() == partitions && newest.values().stream().allMatch(Report::complete)) sumVersion();
        return this;
    }

    /** Sums every partition's newest complete statistics, level by level, cell by cell. */
    private void sumVersion() {
        long t0 = System.nanoTime();
        Map<Integer, CellStatistics[]> sum = new java.util.TreeMap<>();
        Map<Integer, Long> offsets = new java.util.TreeMap<>();
        long total = 0;
        for (Map.Entry<Integer, Report> partition : newest.entrySet()) {
            Report r = partition.getValue();
            offsets.put(partition.getKey(), r.nextOffset());
            total += r.absorbed();
            for (Map.Entry<Integer, CellStatistics[][]> slice : r.slices().entrySet())
                for (int j = 0; j < slice.getValue().length; j++) {
                    CellStatistics[] cells = slice.getValue()[j];
                    CellStatistics[] into = sum.get(slice.getKey() + j);
                    if (into == null) {
                        into = new CellStatistics[cells.length];
                        for (int c = 0; c < cells.length; c++) into[c] = cells[c].copy();
                        sum.put(slice.getKey() + j, into);
                    } else {
                        for (int c = 0; c < cells.length; c++) into[c].merge(cells[c]);
                    }
                }
        }
        mergeNanos += System.nanoTime() - t0;
        versions++;
        versionAbsorbed = total;
        versionOffsets = Map.copyOf(offsets);
        versionStatistics = sum.values().toArray(new CellStatistics[0][]);
        changed = false;
    }
}
