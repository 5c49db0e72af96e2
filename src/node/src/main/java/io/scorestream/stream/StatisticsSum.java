package io.scorestream.stream;

import io.scorestream.regression.CellStatistics;

import java.util.List;

/** Sums statistics of disjoint records, level by level and cell by cell: what one learner would hold of them all. */
final class StatisticsSum {
    private StatisticsSum() {}

    /** The sum of parts, each [level][cell] of the same structure; the parts are not changed. */
    static CellStatistics[][] of(List<CellStatistics[][]> parts) {
        CellStatistics[][] sum = new CellStatistics[parts.get(0).length][];
        for (int j = 0; j < sum.length; j++) {
            sum[j] = new CellStatistics[parts.get(0)[j].length];
            for (int c = 0; c < sum[j].length; c++) sum[j][c] = parts.get(0)[j][c].copy();
        }
        for (CellStatistics[][] part : parts.subList(1, parts.size()))
            for (int j = 0; j < sum.length; j++)
                for (int c = 0; c < sum[j].length; c++) sum[j][c].merge(part[j][c]);
        return sum;
    }
}
