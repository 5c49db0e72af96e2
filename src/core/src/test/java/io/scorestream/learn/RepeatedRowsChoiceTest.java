package io.scorestream.learn;

import io.scorestream.columns.ColumnOptions;
import io.scorestream.columns.RepeatedRows;
import io.scorestream.columns.RowFigures;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Where every column is rounded the cells' own samples land on repeated values too, and the data
 * decide whether copies are kept: not for smooth counts (the cells already give each value its
 * probability), yes for a few dozen profiles scattered over the lattice (no smooth density
 * puts their mass on them).
 */
class RepeatedRowsChoiceTest {
    static final FitOptions OPTIONS = FitOptions.defaults().withSeed(3);

    /** Four counts sharing a log-normal rate: smooth, and 60 % or more of the rows repeat a value. */
    static DMatrixRMaj smoothCounts(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        DMatrixRMaj x = new DMatrixRMaj(n, 4);
        for (int i = 0; i < n; i++) {
            double rate = Math.exp(0.5 * rng.nextGaussian());
            for (int j = 0; j < 4; j++) x.set(i, j, poisson(rate * (1 + j), rng));
        }
        return x;
    }

    /** 60 % of the rows on 40 profiles of four integers in 0..40, the rest smooth counts around 20. */
    static DMatrixRMaj profiles(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed), layout = new SplittableRandom(99);
        double[][] profile = new double[40][4];
        for (double[] p : profile) for (int j = 0; j < 4; j++) p[j] = layout.nextInt(41);
        DMatrixRMaj x = new DMatrixRMaj(n, 4);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < 4; j++)
                x.set(i, j, rng.nextDouble() < 0.6 ? profile[i % 40][j] : poisson(20, rng));
        return x;
    }

    private static int poisson(double rate, SplittableRandom rng) {
        int k = 0;
        for (double p = Math.exp(-rate), s = p, u = rng.nextDouble(); u > s; s += p) p *= rate / ++k;
        return k;
    }

    @Test
    void smoothCountsAreLeftToTheCells() {
        DMatrixRMaj x = smoothCounts(4000, 1);
        assertTrue(RepeatedRows.find(x).share() > 0.5, "the counts must repeat");
        FitOptions resolved = OPTIONS.resolve(4, 4000);
        assertTrue(RepeatedRowsChoice.choose(x, io.scorestream.columns.ColumnSketches.of(x), resolved, null).isEmpty());
        double[][] figures = RepeatedRowsChoice.figures(Fitter.reservoir(x, Fitter.JUDGED_ROWS, 1), io.scorestream.columns.Columns.learn(x, ColumnOptions.DEFAULTS), resolved);
        assertTrue(RowFigures.mean(figures[1]) > RowFigures.mean(figures[0]), "without copies the held-out rows are likelier");
    }

    @Test
    void profilesScatteredOverTheLatticeAreCopied() {
        DMatrixRMaj x = profiles(4000, 1);
        RepeatedRows chosen = RepeatedRowsChoice.choose(x, io.scorestream.columns.ColumnSketches.of(x), OPTIONS.resolve(4, 4000), null);
        assertFalse(chosen.isEmpty());
        assertEquals(RepeatedRows.find(x), chosen);
        // Asked not to copy, nothing is copied whatever the data say.
        assertTrue(RepeatedRowsChoice.choose(x, io.scorestream.columns.ColumnSketches.of(x), OPTIONS.withColumns(ColumnOptions.DEFAULTS.withRepeatedRows(false)).resolve(4, 4000), null).isEmpty());
    }
}
