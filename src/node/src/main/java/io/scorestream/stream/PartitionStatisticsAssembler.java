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
 * partition's owner sent with the next offset they stand for, and once every partition it has
 * heard of has sent a complete set, sums them (statistics are sums) into one version's statistics
 * — the merge a model version would be solved from. The sum of exact per-partition prefixes is an
 * exact prefix of the stream, whichever node each came from.
 */
public final class PartitionStatisticsAssembler extends AbstractBehavior<PartitionStatisticsAssembler.Command> {

    public static final ServiceKey<Command> SERVICE_KEY = ServiceKey.create(Command.class, "scorestream-statistics-assembler");

    public sealed interface Command extends CborSerializable {}

    /** One slice of levels [firstLevel, firstLevel + statistics.length) of a partition's statistics, standing for offsets [0, nextOffset). */
    public record PartitionStatistics(int partition, long nextOffset, long absorbed, int firstLevel, int slices,
                                      CellStatistics[][] statistics) implements Command {}

    /** Versions summed so far, the records they stand for, and the seconds spent summing. */
    public record GetAssembled(ActorRef<Assembled> replyTo) implements Command {}

    public record Assembled(long versions, long absorbed, int partitions, double mergeSeconds) implements CborSerializable {}

    private record Report(long nextOffset, long absorbed, Map<Integer, CellStatistics[][]> slices, int expected) {
        boolean complete() { return slices.size() == expected; }
    }

    private final Map<Integer, Report> newest = new HashMap<>();
    private final java.util.Set<Integer> reportedSinceVersion = new java.util.HashSet<>();
    private long versions, versionAbsorbed, mergeNanos;

    public static Behavior<Command> create() {
        return Behaviors.setup(PartitionStatisticsAssembler::new);
    }

    private PartitionStatisticsAssembler(ActorContext<Command> ctx) {
        super(ctx);
        ctx.getSystem().receptionist().tell(Receptionist.register(SERVICE_KEY, ctx.getSelf()));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(PartitionStatistics.class, this::onStatistics)
                .onMessage(GetAssembled.class, m -> {
                    m.replyTo().tell(new Assembled(versions, versionAbsorbed, newest.size(), mergeNanos / 1e9));
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
        if (report.complete()) reportedSinceVersion.add(m.partition());
        if (reportedSinceVersion.containsAll(newest.keySet())) sumVersion();
        return this;
    }

    /** Sums every partition's newest complete statistics, level by level, cell by cell. */
    private void sumVersion() {
        long t0 = System.nanoTime();
        Map<Integer, CellStatistics[]> sum = new HashMap<>();
        long total = 0;
        for (Report r : newest.values()) {
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
        reportedSinceVersion.clear();
    }
}
