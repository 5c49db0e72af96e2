package io.scorestream.learn;

import io.scorestream.columns.ColumnSketches;
import io.scorestream.columns.Columns;
import io.scorestream.columns.RepeatedRows;
import io.scorestream.partition.GaussianCells;
import org.ejml.data.DMatrixRMaj;

import java.util.SplittableRandom;
import java.util.function.Consumer;

import static io.scorestream.columns.RowFigures.mean;
import static io.scorestream.columns.RowFigures.standardError;

/**
 * Whether rows repeated exactly are generated as copies ({@link RepeatedRows}), chosen by the data.
 *
 * <p>Where a column is not rounded (on no lattice, not finite) the cells give no row value a
 * mass, so only copies make a value recur: they are kept. Where every column is rounded, the
 * cells' own samples land on the same values, and copies beside them count those values twice:
 * six correlated Poisson counts (64 % of rows repeating) sampled at C2ST 0.528 with copies against
 * 0.512 without, while randhie (59 %, also every column rounded) went from 0.565 to 0.519 with
 * them. There the two are compared by the held-out log-probability of the rounded rows, as the
 * dequantisation spread is ({@link DequantisationChoice}): on the last quarter of a random
 * reservoir of up to 16 384 rows, the cells' Gaussian mixture fitted on the other rows against
 * copies of the values those rows repeat (each at its count over their number) plus, for the
 * rest of the probability, the mixture fitted on their rows off those values, with the same K.
 * Copies, the default, are dropped only when they lose significantly (5 %, one-sided), as the
 * transform check and the dequantisation spread keep their defaults; values no held-out row
 * repeats cost the copies log(1 − π) on every row with no spread, and are dropped.
 */
final class RepeatedRowsChoice {
    private static final long SALT = 0x2E9E_A7EDL;
    /** z of a one-sided test at 5 %: the cells must be likelier by this many standard errors to drop the copies. */
    private static final double SIGNIFICANT = 1.645;

    private RepeatedRowsChoice() {}

    /**
     * The row values rows holds more than once, or none when the options or the held-out check say
     * so; sketches are the rows' own (the plan learns the column types from them too).
     */
    static RepeatedRows choose(DMatrixRMaj rows, ColumnSketches sketches, FitOptions options, Consumer<String> progress) {
        int d = rows.numCols;
        if (!options.columns().repeatedRows()) return RepeatedRows.none(d);
        RepeatedRows found = RepeatedRows.find(rows);
        if (found.isEmpty()) return found;
        Columns columns = Columns.learn(sketches, options.columns());
        if (columns.roundedColumns().length < d) return found;
        // As many rows as the degree and the split are judged on: with the planning reservoir's 4 096
        // the check took 0.7 s of randhie's 5.6 s fit instead of 2.1 of 7.3, but its standard error
        // on hourly-delay was as large as the difference, which flipped (−0.03 ± 0.07 on all rows, −0.12 ± 0.06).
        DMatrixRMaj judged = Fitter.reservoir(rows, Fitter.JUDGED_ROWS, options.seed() ^ SALT);
        double[][] figures = figures(judged, columns, options);
        if (figures == null) return found;
        double gain = mean(figures[0]) - mean(figures[1]), error = standardError(figures[0], figures[1]);
        boolean copy = gain > -SIGNIFICANT * error;
        if (progress != null) progress.accept(String.format(
                "%s; held-out log-probability of the rounded rows (nats per row) with copies %.3f, without %.3f (%+.3f ± %.3f) -> %s",
                found.describe(), mean(figures[0]), mean(figures[1]), gain, error, copy ? "copies" : "the cells learn them"));
        return copy ? found : RepeatedRows.none(d);
    }

    /**
     * Per row of judged's last quarter, {log-probability with copies, without}; null when the
     * other rows repeat no value or are too few for a mixture.
     */
    static double[][] figures(DMatrixRMaj judged, Columns columns, FitOptions options) {
        int n = judged.numRows, d = judged.numCols, from = DequantisationChoice.lastFoldStart(n);
        if (from == 0) return null;
        DMatrixRMaj train = new DMatrixRMaj(from, d);
        System.arraycopy(judged.data, 0, train.data, 0, from * d);
        RepeatedRows repeated = RepeatedRows.find(train);
        DMatrixRMaj rest = repeated.outside(train, null, 0).rows();
        if (repeated.isEmpty() || rest.numRows < Fitter.MIN_PLANNED_ROWS) return null;

        DMatrixRMaj latent = new DMatrixRMaj(n, d);
        columns.forward(judged, null, 0, latent);
        GaussianCells all = GaussianCells.chooseOnLastFold(latent, options.softCellLimit(), options.rank(), options.seed() ^ SALT).mixture();
        DMatrixRMaj restLatent = new DMatrixRMaj(rest.numRows, d);
        columns.forward(rest, null, 0, restLatent);
        int k = (int) Math.max(1, Math.min(all.size(), rest.numRows / (d + 2)));
        GaussianCells offValues = GaussianCells.fit(restLatent, k, options.rank(), all.covariance(), new SplittableRandom(options.seed() ^ SALT));

        double[] without = DequantisationChoice.cellLogDensities(judged, from, columns, all, options.seed());
        double[] model = DequantisationChoice.cellLogDensities(judged, from, columns, offValues, options.seed());
        // The mixture's figures are per unit of the lattice cells' widths; a copy's probability is per cell.
        double logWidths = 0;
        for (int j = 0; j < d; j++) if (columns.transform(j).step() > 0) logWidths += Math.log(columns.transform(j).step());
        double logModelShare = Math.log(1 - repeated.share());
        double[] with = new double[n - from];
        for (int i = from; i < n; i++) {
            double fromModel = logModelShare + model[i - from] + logWidths;
            long count = repeated.countOf(judged.data, i * d);
            double both = count == 0 ? fromModel : logSum(Math.log(count / (double) from), fromModel);
            with[i - from] = both - logWidths;
        }
        return new double[][]{with, without};
    }

    private static double logSum(double a, double b) {
        double max = Math.max(a, b);
        return max + Math.log(Math.exp(a - max) + Math.exp(b - max));
    }
}
