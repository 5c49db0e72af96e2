package io.scorestream.metrics;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Logistic regression on quadratic features — 1, xᵢ, xᵢ², and xᵢxⱼ (i &lt; j) when d ≤ 16 — with an L2
 * penalty on all but the intercept, fitted by damped Newton (IRLS) with a Cholesky solve.
 * It sees differences in means and covariances that k-NN needs many samples to resolve.
 */
final class QuadraticLogisticClassifier {
    static final int MAX_CROSS_TERM_DIMENSION = 16;
    static final double L2_PENALTY = 1e-3;
    static final int MAX_ITERATIONS = 25;

    private QuadraticLogisticClassifier() {}

    static double heldOutAccuracy(DMatrixRMaj train, int[] trainLabels, DMatrixRMaj test, int[] testLabels) {
        return TwoSampleMetrics.share(heldOutCorrect(train, trainLabels, test, testLabels));
    }

    /** Whether each test row is classified correctly. */
    static boolean[] heldOutCorrect(DMatrixRMaj train, int[] trainLabels, DMatrixRMaj test, int[] testLabels) {
        double[] beta = fit(features(train), trainLabels);
        DMatrixRMaj x = features(test);
        double[] eta = new double[x.numRows];
        linearPredictor(x, beta, eta);
        boolean[] out = new boolean[eta.length];
        for (int i = 0; i < eta.length; i++) out[i] = (eta[i] > 0 ? 1 : 0) == testLabels[i];
        return out;
    }

    static int featureCount(int d) {
        return 1 + 2 * d + (d <= MAX_CROSS_TERM_DIMENSION ? d * (d - 1) / 2 : 0);
    }

    static DMatrixRMaj features(DMatrixRMaj x) {
        int n = x.numRows, d = x.numCols, p = featureCount(d);
        boolean cross = d <= MAX_CROSS_TERM_DIMENSION;
        DMatrixRMaj out = new DMatrixRMaj(n, p);
        for (int i = 0; i < n; i++) {
            int in = i * d, o = i * p;
            out.data[o++] = 1;
            for (int a = 0; a < d; a++) out.data[o++] = x.data[in + a];
            for (int a = 0; a < d; a++) out.data[o++] = x.data[in + a] * x.data[in + a];
            if (cross)
                for (int a = 0; a < d; a++)
                    for (int b = a + 1; b < d; b++) out.data[o++] = x.data[in + a] * x.data[in + b];
        }
        return out;
    }

    /** Minimises mean log-loss + (λ/2)Σ_{k≥1} βₖ². */
    static double[] fit(DMatrixRMaj x, int[] y) {
        int n = x.numRows, p = x.numCols;
        double[] beta = new double[p], candidate = new double[p];
        double[] eta = new double[n], candidateEta = new double[n];
        DMatrixRMaj weighted = new DMatrixRMaj(n, p);
        DMatrixRMaj hessian = new DMatrixRMaj(p, p);
        DMatrixRMaj gradient = new DMatrixRMaj(p, 1);
        DMatrixRMaj step = new DMatrixRMaj(p, 1);
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.chol(p);
        double objective = objective(x, y, beta, eta);
        for (int iter = 0; iter < MAX_ITERATIONS; iter++) {
            gradient.zero();
            for (int i = 0; i < n; i++) {
                double prob = sigmoid(eta[i]);
                double residual = prob - y[i];
                double sw = Math.sqrt(prob * (1 - prob));
                int row = i * p;
                for (int k = 0; k < p; k++) {
                    double f = x.data[row + k];
                    gradient.data[k] += residual * f;
                    weighted.data[row + k] = sw * f;
                }
            }
            CommonOps_DDRM.multInner(weighted, hessian);
            CommonOps_DDRM.scale(1.0 / n, hessian);
            CommonOps_DDRM.scale(1.0 / n, gradient);
            for (int k = 1; k < p; k++) {
                gradient.data[k] += L2_PENALTY * beta[k];
                hessian.data[k * p + k] += L2_PENALTY;
            }
            if (!solveWithJitter(solver, hessian, gradient, step)) break;

            // Damped step: halve until the objective decreases (plain Newton can overshoot on outliers).
            double t = 1, newObjective = Double.POSITIVE_INFINITY;
            for (int halvings = 0; halvings < 30; halvings++, t *= 0.5) {
                for (int k = 0; k < p; k++) candidate[k] = beta[k] - t * step.data[k];
                newObjective = objective(x, y, candidate, candidateEta);
                if (newObjective <= objective) break;
            }
            if (!(newObjective <= objective)) break; // no descent left at machine precision
            double maxChange = 0;
            for (int k = 0; k < p; k++) maxChange = Math.max(maxChange, Math.abs(candidate[k] - beta[k]));
            double[] swap = beta; beta = candidate; candidate = swap;
            swap = eta; eta = candidateEta; candidateEta = swap;
            double decrease = objective - newObjective;
            objective = newObjective;
            if (decrease < 1e-12 * (1 + objective) || maxChange < 1e-9) break;
        }
        return beta;
    }

    /**
     * The Hessian is positive definite except when the unpenalised intercept direction degenerates
     * (all fitted probabilities 0 or 1); then a growing ridge keeps the step defined.
     */
    private static boolean solveWithJitter(LinearSolverDense<DMatrixRMaj> solver, DMatrixRMaj hessian,
                                           DMatrixRMaj gradient, DMatrixRMaj step) {
        int p = hessian.numRows;
        DMatrixRMaj a = hessian.copy();
        double jitter = 0;
        for (int attempt = 0; attempt < 8; attempt++) {
            if (solver.setA(a)) {
                solver.solve(gradient, step);
                boolean finite = true;
                for (int k = 0; k < p; k++) finite &= Double.isFinite(step.data[k]);
                if (finite) return true;
            }
            jitter = jitter == 0 ? 1e-10 : jitter * 100;
            a.setTo(hessian);
            for (int k = 0; k < p; k++) a.data[k * p + k] += jitter;
        }
        return false;
    }

    /** Mean log-loss plus penalty at beta; fills eta with the linear predictor. */
    private static double objective(DMatrixRMaj x, int[] y, double[] beta, double[] eta) {
        linearPredictor(x, beta, eta);
        double loss = 0;
        for (int i = 0; i < eta.length; i++) {
            double e = eta[i];
            // log(1 + exp(e)) − y·e, without overflow for large |e|.
            double softplus = e > 0 ? e + Math.log1p(Math.exp(-e)) : Math.log1p(Math.exp(e));
            loss += softplus - y[i] * e;
        }
        double penalty = 0;
        for (int k = 1; k < beta.length; k++) penalty += beta[k] * beta[k];
        return loss / eta.length + 0.5 * L2_PENALTY * penalty;
    }

    private static void linearPredictor(DMatrixRMaj x, double[] beta, double[] eta) {
        int p = x.numCols;
        for (int i = 0; i < x.numRows; i++) {
            double v = 0;
            int row = i * p;
            for (int k = 0; k < p; k++) v += x.data[row + k] * beta[k];
            eta[i] = v;
        }
    }

    private static double sigmoid(double e) {
        return e >= 0 ? 1 / (1 + Math.exp(-e)) : Math.exp(e) / (1 + Math.exp(e));
    }
}
