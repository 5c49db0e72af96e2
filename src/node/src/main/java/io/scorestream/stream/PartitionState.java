package io.scorestream.stream;

import io.scorestream.learn.DrawSchedule;
import io.scorestream.learn.LearnerState;
import io.scorestream.learn.ScoreLearner;
import io.scorestream.model.ModelStructure;
import io.scorestream.regression.CellStatistics;
import org.ejml.data.DMatrixRMaj;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One Kafka partition's state on the partition-local record path (RELIABILITY.md "Scaling out"):
 * statistics of every level, and the counts of the prefix they describe; the next offset is the
 * owner's {@link OffsetLedger}'s. Good rows taken are absorbed a batch-size at a time (the
 * learner's update costs per cell touched, so a partition's small share of each mixed batch would
 * cost about twice the CPU per record, PERFORMANCE.md §11); rows waiting are absorbed before any
 * snapshot or report, so neither ever runs ahead of its statistics.
 */
final class PartitionState {
    /** Slices of this many levels keep each report far below Artery's large-frame limit. */
    static final int LEVELS_PER_SLICE = 25;

    private final int partition;
    private final ModelStructure structure;
    private final ScoreLearner[] bands;
    private final DrawSchedule schedule;   // the levels split as today's band regressors split them: a node's cores share a batch
    private long absorbed, deadLettered, snapshotAt;
    private final Map<String, Long> deadLetteredByReason = new TreeMap<>();
    private final List<double[]> waitingRows = new ArrayList<>();
    private final List<Long> waitingPositions = new ArrayList<>();

    PartitionState(int partition, ModelStructure structure, StreamSettings settings) {
        this.partition = partition;
        this.structure = structure;
        this.schedule = Partitioner.drawSchedule(settings, structure);
        int levels = structure.levelCount(), per = (levels + settings.levelBands() - 1) / settings.levelBands();
        bands = new ScoreLearner[(levels + per - 1) / per];
        for (int b = 0; b < bands.length; b++)
            bands[b] = new ScoreLearner(structure, settings.seed(), settings.forgetting(), BandRegressor.RIDGE, b * per, Math.min(per, levels - b * per));
    }

    /** Continues from a snapshot of this partition. */
    void restore(LearnerState stored) {
        for (ScoreLearner band : bands) band.restore(stored.band(band.firstLevel(), band.levelCount()), stored.absorbed());
        absorbed = stored.absorbed();
        deadLettered = stored.deadLettered();
        deadLetteredByReason.putAll(stored.deadLetteredByReason());
        snapshotAt = stored.nextOffsets().getOrDefault(partition, 0L);
    }

    void deadLetter(String reason) {
        deadLettered++;
        deadLetteredByReason.merge(reason, 1L, Long::sum);
    }

    void take(double[] data, int from, int d, long position) {
        waitingRows.add(java.util.Arrays.copyOfRange(data, from, from + d));
        waitingPositions.add(position);
    }

    int waiting() { return waitingRows.size(); }

    /** The offset of the newest snapshot written or loaded (0: none). */
    long snapshotAt() { return snapshotAt; }

    /** Absorbs the rows waiting, the bands in parallel. */
    void absorbWaiting() {
        int n = waitingRows.size();
        if (n == 0) return;
        int d = waitingRows.get(0).length;
        DMatrixRMaj rows = new DMatrixRMaj(n, d);
        long[] positions = new long[n];
        for (int k = 0; k < n; k++) {
            System.arraycopy(waitingRows.get(k), 0, rows.data, k * d, d);
            positions[k] = waitingPositions.get(k);
        }
        // The d-dimensional transform and projection once, not once per band.
        ScoreLearner.CellRows cellRows = ScoreLearner.cellRows(structure, schedule, rows, positions);
        java.util.Arrays.stream(bands).parallel().forEach(band -> band.absorbCellRows(cellRows));
        absorbed += n;
        waitingRows.clear();
        waitingPositions.clear();
    }

    RecordPlanner.PartitionCount count(long next) {
        return new RecordPlanner.PartitionCount(next, absorbed + waitingRows.size(), deadLettered, Map.copyOf(deadLetteredByReason));
    }

    private CellStatistics[][] statistics() {
        return java.util.Arrays.stream(bands).flatMap(band -> java.util.Arrays.stream(band.statistics())).toArray(CellStatistics[][]::new);
    }

    /** The state as one snapshot record (its version is its next offset, so the newest is the furthest). */
    LearnerState snapshot(long next) {
        absorbWaiting();
        snapshotAt = next;
        return new LearnerState(structure, statistics(), absorbed, deadLettered, deadLetteredByReason, Map.of(partition, next),
                next, new DMatrixRMaj(0, structure.dimension()), new long[0], System.currentTimeMillis());
    }

    /** The statistics in level slices, each with the prefix they describe. */
    List<RecordPlanner.PartitionReport> report(long next) {
        absorbWaiting();
        List<CellStatistics[][]> slices = slices(statistics());
        List<RecordPlanner.PartitionReport> out = new ArrayList<>();
        for (int s = 0; s < slices.size(); s++)
            out.add(new RecordPlanner.PartitionReport(partition, structure.version(), count(next), s * LEVELS_PER_SLICE, slices.size(), slices.get(s)));
        return out;
    }

    /**
     * Adds this partition's statistics to a node's sum of its partitions and returns the sum; null
     * starts one (a copy: the sum leaves the node, the partition's statistics stay and go on changing).
     */
    CellStatistics[][] addTo(CellStatistics[][] sum) {
        absorbWaiting();
        if (sum == null) return statistics();
        int j = 0;
        for (ScoreLearner band : bands)
            for (int level = band.firstLevel(); level < band.firstLevel() + band.levelCount(); level++, j++)
                for (int c = 0; c < sum[j].length; c++) sum[j][c].merge(band.level(level).cell(c));
        return sum;
    }

    /** Statistics [level][cell] cut into slices of LEVELS_PER_SLICE levels (the last may be shorter). */
    static List<CellStatistics[][]> slices(CellStatistics[][] all) {
        List<CellStatistics[][]> out = new ArrayList<>();
        for (int first = 0; first < all.length; first += LEVELS_PER_SLICE) {
            CellStatistics[][] slice = new CellStatistics[Math.min(LEVELS_PER_SLICE, all.length - first)][];
            System.arraycopy(all, first, slice, 0, slice.length);
            out.add(slice);
        }
        return out;
    }
}
