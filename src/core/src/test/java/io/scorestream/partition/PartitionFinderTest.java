package io.scorestream.partition;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class PartitionFinderTest {

    @Test
    void batchedSearchGivesTheCellsOfTheOneByOneSearch() {
        SplittableRandom rng = new SplittableRandom(7);
        for (int k : new int[]{1, 2, 5, 32}) {
            int d = 10, n = 500;
            DMatrixRMaj centres = new DMatrixRMaj(k, d);
            for (int i = 0; i < centres.data.length; i++) centres.data[i] = rng.nextGaussian();
            Partition partition = new Partition(centres);
            double[] x = new double[n * d];
            for (int i = 0; i < x.length; i++) x[i] = 1.5 * rng.nextGaussian();
            x[3] = Double.NaN;   // a NaN row goes to cell 0 in both
            int[] cells = new int[n];
            Partition.Finder finder = partition.finder(0.7);
            finder.assign(x, n, cells, finder.newScratch());
            for (int i = 0; i < n; i++) assertEquals(partition.nearest(x, i * d, 0.7), cells[i], "row " + i + " k=" + k);
        }
    }
}
