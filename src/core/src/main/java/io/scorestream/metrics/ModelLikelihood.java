package io.scorestream.metrics;

import io.scorestream.columns.Columns;
import io.scorestream.model.ScoreModel;
import io.scorestream.sampler.ProbabilityFlowLikelihood;
import org.ejml.data.DMatrixRMaj;

/**
 * A fitted model's log density of held-out rows, in the units of the data: each row taken into the
 * model's latent coordinates by its columns' maps, given a density there by the probability-flow
 * ODE ({@link ProbabilityFlowLikelihood}, the model's levels each split into
 * {@link ProbabilityFlowLikelihood#DEFAULT_SUBSTEPS} steps), and brought back by the maps'
 * Jacobian. The figure a density baseline (EM's held-out log-likelihood) is compared on, and the
 * one no two-sample test gives: how much of the held-out rows' mass the whole model covers.
 *
 * <p>Lattice columns are dequantised as in training (a row's density is that of its dequantised
 * point); a row the maps give no density (a value between point masses) is left out and counted.
 */
public final class ModelLikelihood {
    /** Per row log densities (NaN where the maps give none) and their summary. */
    public record Result(double[] logDensities, int scored, double mean, double standardError) {
        public int withoutDensity() { return logDensities.length - scored; }
    }

    private ModelLikelihood() {}

    /** @param rows held-out rows in data units, one column per model column */
    public static Result of(ScoreModel model, DMatrixRMaj rows) {
        Columns columns = model.columns();
        if (rows.numCols != columns.dimension())
            throw new IllegalArgumentException("rows of " + rows.numCols + " columns for a model of " + columns.dimension());
        DMatrixRMaj latent = new DMatrixRMaj(rows.numRows, rows.numCols);
        columns.forward(rows, null, 0, latent);
        double[] times = ProbabilityFlowLikelihood.refined(model.schedule().times(), ProbabilityFlowLikelihood.DEFAULT_SUBSTEPS);
        double[] logDensities = new ProbabilityFlowLikelihood(model, times).logDensities(latent);
        int scored = 0;
        double sum = 0;
        for (int i = 0; i < logDensities.length; i++) {
            logDensities[i] = columns.logDensityInDataUnits(logDensities[i], rows.data, i * rows.numCols, i);
            if (!Double.isNaN(logDensities[i])) { scored++; sum += logDensities[i]; }
        }
        double mean = scored == 0 ? Double.NaN : sum / scored, squares = 0;
        for (double v : logDensities) if (!Double.isNaN(v)) squares += (v - mean) * (v - mean);   // −∞ (a row the model gives no mass) stays in: the mean is then −∞
        double standardError = scored < 2 ? Double.NaN : Math.sqrt(squares / (scored - 1) / scored);
        return new Result(logDensities, scored, mean, standardError);
    }
}
