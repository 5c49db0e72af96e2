package io.scorestream.learn;

import io.scorestream.columns.ColumnOptions;
import io.scorestream.columns.Columns;
import io.scorestream.partition.GaussianCells;
import org.ejml.data.DMatrixRMaj;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The rule's quantile maps against the affine alternative, each fold's maps learned from the other
 * folds' rows only: a map read off the rows it is scored on is optimistic by more than its knot
 * count on few rows of rounded values (cars, 196 rows: the maps 3.2 nats a row likelier, the affine
 * maps' samples 0.02 of C2ST better).
 */
final class HeldOutMaps {
    private static final int FOLDS = 4;

    private HeldOutMaps() {}

    /** Which two sets of maps are judged: {shaped side, other side}. */
    enum Candidates {
        /** The rule's maps against affine maps on every smooth column. */
        RULE_AGAINST_AFFINE,
        /** Quantile maps on every column against affine maps on every smooth one (the rule chose affine throughout). */
        QUANTILE_EVERYWHERE_AGAINST_AFFINE,
        /** Quantile maps on every column against the rule's own mixed choice (kept against affine already). */
        QUANTILE_EVERYWHERE_AGAINST_RULE
    }

    /**
     * Per-row held-out log densities in data units, {shaped, other}, of mixtures of the given K
     * and covariances' kind fitted in each side's latent units; NaN for a row the side's maps give no density at all
     * ({@link Columns#hasDensity}). The shaped side is the rule's maps, or a quantile map on every
     * column no override fixes; the other side affine maps on every smooth column, or the rule's
     * maps ({@link Candidates}).
     */
    static double[][] logDensities(DMatrixRMaj rows, Columns columns, ColumnOptions options, Candidates candidates,
                                   GaussianCells.CrossValidation shapedCells, GaussianCells.CrossValidation affineCells, int rank, long seed) {
        boolean quantileEverywhere = candidates != Candidates.RULE_AGAINST_AFFINE;
        int n = rows.numRows, d = rows.numCols;
        double spread = fewValuedSpread(columns);
        double[][] out = new double[2][n];
        // The folds in parallel: each writes its own rows of out, and each fit has its own seeded generator.
        IntStream.range(0, FOLDS).parallel().forEach(f -> {
            int from = f * n / FOLDS, to = (f + 1) * n / FOLDS;
            DMatrixRMaj train = new DMatrixRMaj(n - (to - from), d), held = new DMatrixRMaj(to - from, d);
            long[] trainAt = new long[train.numRows], heldAt = new long[held.numRows];
            for (int i = 0, t = 0, h = 0; i < n; i++) {
                boolean isHeld = i >= from && i < to;
                System.arraycopy(rows.data, i * d, (isHeld ? held : train).data, (isHeld ? h : t) * d, d);
                if (isHeld) heldAt[h++] = i; else trainAt[t++] = i;
            }
            Columns shaped = Columns.learn(train, quantileEverywhere ? options.withTransform(ColumnOptions.TransformChoice.QUANTILE) : options);
            if (!Double.isNaN(spread)) shaped = shaped.withFewValuedSpread(spread);
            Columns affine = candidates == Candidates.QUANTILE_EVERYWHERE_AGAINST_RULE ? Columns.learn(train, options) : shaped.affineWhereSmooth(train, options);
            if (candidates == Candidates.QUANTILE_EVERYWHERE_AGAINST_RULE && !Double.isNaN(spread)) affine = affine.withFewValuedSpread(spread);
            score(shaped, shapedCells, train, trainAt, held, heldAt, rank, seed, out[0], from);
            score(affine, affineCells, train, trainAt, held, heldAt, rank, seed, out[1], from);
        });
        return out;
    }

    private static void score(Columns columns, GaussianCells.CrossValidation cells, DMatrixRMaj train, long[] trainAt, DMatrixRMaj held, long[] heldAt,
                              int rank, long seed, double[] out, int from) {
        DMatrixRMaj latentTrain = new DMatrixRMaj(1, 1), latentHeld = new DMatrixRMaj(1, 1);
        columns.forward(train, trainAt, 0, latentTrain);
        columns.forward(held, heldAt, 0, latentHeld);
        GaussianCells mixture = GaussianCells.fit(latentTrain, cells.k(), Math.min(rank, train.numCols), cells.covariance(), new SplittableRandom(seed));
        double[] logLik = mixture.logLikelihoods(latentHeld);
        for (int i = 0; i < logLik.length; i++)
            out[from + i] = columns.logDensityInDataUnits(logLik[i], held.data, i * held.numCols, heldAt[i]);
    }

    /** The dequantisation spread the planner chose for few-valued columns (NaN when there are none). */
    private static double fewValuedSpread(Columns columns) {
        int[] few = columns.fewValuedColumns();
        return few.length == 0 ? Double.NaN : columns.transform(few[0]).spread();
    }
}
