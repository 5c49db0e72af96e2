package io.scorestream.columns;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

import java.util.Arrays;

/** Ridge-penalised multinomial logistic regression, for a label's law given its features; weights are features × labels, row-major. */
final class SoftmaxRegression {
    /** Optimiser steps per fit at most; every fit stops earlier once no weight moves by {@link #STEP_TOLERANCE}. */
    private static final int MAX_STEPS = 60;
    /** A step this small moves no probability by more than about 10⁻⁴ at features of size a few. */
    private static final double STEP_TOLERANCE = 1e-4;

    private SoftmaxRegression() {}

    /** The labels' probabilities (into out) at features x of length p under weights w for k labels. */
    static void softmax(double[] w, double[] x, int p, int k, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            double s = 0;
            for (int f = 0; f < p; f++) s += x[f] * w[f * k + c];
            out[c] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int c = 0; c < k; c++) sum += (out[c] = Math.exp(out[c] - max));
        for (int c = 0; c < k; c++) out[c] /= sum;
    }

    /**
     * Weights w (p features × k labels) with the labels marked absent at probability zero: a log
     * share of −∞ as intercept, no weight on the other features (so no row's features make it a
     * NaN). The softmax then gives them exactly 0 while another label is possible.
     */
    static double[] withoutLabels(double[] w, int p, int k, boolean[] absent) {
        double[] out = w.clone();
        for (int c = 0; c < k; c++) {
            if (!absent[c]) continue;
            out[c] = Double.NEGATIVE_INFINITY;
            for (int f = 1; f < p; f++) out[f * k + c] = 0;
        }
        return out;
    }

    /** −log p(y | x) of every row; a label the fit never saw costs what its probability floor gives. */
    static double[] losses(DMatrixRMaj x, int[] y, int k, double[] w) {
        int p = x.numCols;
        double[] prob = new double[k], row = new double[p], out = new double[x.numRows];
        for (int i = 0; i < x.numRows; i++) {
            System.arraycopy(x.data, i * p, row, 0, p);
            softmax(w, row, p, k, prob);
            out[i] = -Math.log(Math.max(prob[y[i]], 1e-300));
        }
        return out;
    }

    /**
     * Ridge-penalised multinomial logistic regression: by Newton's method with a halved step where
     * it would not lower the penalised loss, while its Hessian (p·k square) is small, else by
     * Böhning's bound, W ← W + (½XᵀX + λJ)⁻¹(Xᵀ(Y − P) − λJW), which needs one factor for every step
     * but many steps where the ridge is weak. J is the identity but for the intercept, which gets a
     * token ridge so that a label no row holds stays finite. start: weights to start from (a
     * stronger ridge's), or null for the labels' log shares.
     */
    static double[] fit(DMatrixRMaj x, int[] y, int k, double ridge, double[] start) {
        int n = x.numRows, p = x.numCols;
        double[] w = new double[p * k];
        if (start != null) {
            System.arraycopy(start, 0, w, 0, p * k);
        } else {
            double[] count = new double[k];
            for (int label : y) count[label]++;
            for (int c = 0; c < k; c++) w[c] = Math.log((count[c] + 0.5) / (n + 0.5 * k));
        }
        return p * k <= MAX_NEWTON_PARAMETERS ? newton(x, y, k, ridge, w) : bound(x, y, k, ridge, w);
    }

    /**
     * Newton's method builds an n·(p·k)²/2 Hessian per step where the bound's step costs 2n·p·k: at
     * p·k = 100 one Newton step costs 25 of the bound's. Worth it only for few weights.
     */
    private static final int MAX_NEWTON_PARAMETERS = 40;
    /** Newton steps at most: it converges in a handful where the labels overlap; where the numbers separate them, the weights grow without end and the loss is near 0 long before. */
    private static final int MAX_NEWTON_STEPS = 25;
    private static final double INTERCEPT_RIDGE = 1e-3;

    private static double penalisedLoss(DMatrixRMaj x, int[] y, int k, double ridge, double[] w) {
        double loss = Arrays.stream(losses(x, y, k, w)).sum();
        int p = x.numCols;
        for (int f = 0; f < p; f++)
            for (int c = 0; c < k; c++) loss += 0.5 * (f == 0 ? INTERCEPT_RIDGE : ridge) * w[f * k + c] * w[f * k + c];
        return loss;
    }

    private static double[] newton(DMatrixRMaj x, int[] y, int k, double ridge, double[] w) {
        int n = x.numRows, p = x.numCols, m = p * k;
        DMatrixRMaj hessian = new DMatrixRMaj(m, m), gradient = new DMatrixRMaj(m, 1), step = new DMatrixRMaj(m, 1);
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.chol(m);
        double[] prob = new double[k], row = new double[p], trial = new double[m];
        double loss = penalisedLoss(x, y, k, ridge, w);
        for (int iteration = 0; iteration < MAX_NEWTON_STEPS; iteration++) {
            Arrays.fill(hessian.data, 0);
            Arrays.fill(gradient.data, 0);
            for (int i = 0; i < n; i++) {
                System.arraycopy(x.data, i * p, row, 0, p);
                softmax(w, row, p, k, prob);
                for (int f = 0; f < p; f++) {
                    if (row[f] == 0) continue;
                    for (int c = 0; c < k; c++) gradient.data[f * k + c] += row[f] * (prob[c] - (y[i] == c ? 1 : 0));
                }
                // The (f, c), (g, c') entry: x_f x_g (p_c δ_cc' − p_c p_c'); the lower triangle, mirrored below.
                for (int f = 0; f < p; f++) {
                    if (row[f] == 0) continue;
                    for (int g = 0; g <= f; g++) {
                        double xx = row[f] * row[g];
                        if (xx == 0) continue;
                        for (int c = 0; c < k; c++) {
                            int r = (f * k + c) * m + g * k;
                            for (int c2 = 0; c2 < k; c2++) hessian.data[r + c2] += xx * ((c == c2 ? prob[c] : 0) - prob[c] * prob[c2]);
                        }
                    }
                }
            }
            for (int a = 0; a < m; a++) {
                double lambda = a < k ? INTERCEPT_RIDGE : ridge;
                gradient.data[a] += lambda * w[a];
                hessian.data[a * m + a] += lambda;
                for (int b = 0; b < a; b++) hessian.data[b * m + a] = hessian.data[a * m + b];
            }
            if (!solver.setA(hessian)) return bound(x, y, k, ridge, w);
            solver.solve(gradient, step);
            double t = 1, next;
            do {
                for (int a = 0; a < m; a++) trial[a] = w[a] - t * step.data[a];
                next = penalisedLoss(x, y, k, ridge, trial);
                t /= 2;
            } while (next > loss && t > 1e-4);
            if (next > loss) break;
            double moved = 0;
            for (int a = 0; a < m; a++) moved = Math.max(moved, Math.abs(trial[a] - w[a]));
            System.arraycopy(trial, 0, w, 0, m);
            loss = next;
            if (moved < STEP_TOLERANCE) break;
        }
        return w;
    }

    private static double[] bound(DMatrixRMaj x, int[] y, int k, double ridge, double[] start) {
        int n = x.numRows, p = x.numCols;
        DMatrixRMaj a = new DMatrixRMaj(p, p);
        CommonOps_DDRM.multTransA(x, x, a);
        CommonOps_DDRM.scale(0.5, a);
        for (int f = 0; f < p; f++) a.add(f, f, f == 0 ? INTERCEPT_RIDGE : ridge + 1e-9 * n);
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.chol(p);
        if (!solver.setA(a)) throw new IllegalStateException("label features' Gram matrix is not positive definite");
        DMatrixRMaj w = new DMatrixRMaj(p, k), g = new DMatrixRMaj(p, k), step = new DMatrixRMaj(p, k);
        System.arraycopy(start, 0, w.data, 0, p * k);
        double[] prob = new double[k], row = new double[p];
        for (int iteration = 0; iteration < MAX_STEPS; iteration++) {
            Arrays.fill(g.data, 0);
            for (int i = 0; i < n; i++) {
                System.arraycopy(x.data, i * p, row, 0, p);
                softmax(w.data, row, p, k, prob);
                prob[y[i]] -= 1;                     // P − Y
                for (int f = 0; f < p; f++) {
                    double xf = row[f];
                    if (xf == 0) continue;
                    int o = f * k;
                    for (int c = 0; c < k; c++) g.data[o + c] -= xf * prob[c];
                }
            }
            for (int f = 0; f < p; f++)
                for (int c = 0; c < k; c++) g.data[f * k + c] -= (f == 0 ? INTERCEPT_RIDGE : ridge) * w.data[f * k + c];
            solver.solve(g, step);
            CommonOps_DDRM.addEquals(w, step);
            if (CommonOps_DDRM.elementMaxAbs(step) < STEP_TOLERANCE) break;
        }
        return w.data;
    }
}
