package io.scorestream.schedule;

import java.util.ArrayList;
import java.util.List;

/**
 * The variance-exploding grid of Gatmiry, Kelner and Lee (COLT 2025), built top down from τ_max:
 * {@code τ_k + 1 = (τ_{k+1} + 1)·max{e^{−2κ}, (τ_{k+1} + 1)^{−κ}}} until τ_min is reached.
 * In OU time t = ½ ln(1 + τ) that is uniform steps of κ above t = 1 and a geometric shrink of t
 * by (1 − κ) below it.
 */
public final class GklSchedule extends TimeGrid {

    public GklSchedule(double tauMin, double tauMax, double kappa) {
        super("gkl", build(tauMin, tauMax, kappa));
    }

    /**
     * The paper's endpoints: τ₁ = ε²σ₀²/(2√n) and T = (E|x|² + n)/ε², for accuracy ε, smallest
     * component scale σ₀, dimension n and second moment E|x|².
     */
    public static GklSchedule forData(double epsilon, double sigma0, int dimension, double secondMoment, double kappa) {
        double tauMin = epsilon * epsilon * sigma0 * sigma0 / (2 * Math.sqrt(dimension));
        double tauMax = (secondMoment + dimension) / (epsilon * epsilon);
        return new GklSchedule(tauMin, tauMax, kappa);
    }

    private static double[] build(double tauMin, double tauMax, double kappa) {
        if (!(tauMin > 0) || !(tauMax > tauMin)) throw new IllegalArgumentException("gkl schedule needs 0 < tauMin < tauMax, got " + tauMin + ", " + tauMax);
        if (!(kappa > 0 && kappa < 1)) throw new IllegalArgumentException("gkl schedule needs 0 < kappa < 1, got " + kappa);
        List<Double> taus = new ArrayList<>();
        double tau = tauMax;
        while (tau > tauMin) {
            taus.add(tau);
            double u = tau + 1;
            tau = u * Math.max(Math.exp(-2 * kappa), Math.pow(u, -kappa)) - 1;
        }
        taus.add(tauMin);
        double[] t = new double[taus.size()];
        for (int i = 0; i < t.length; i++) t[i] = 0.5 * Math.log1p(taus.get(t.length - 1 - i));
        return t;
    }
}
