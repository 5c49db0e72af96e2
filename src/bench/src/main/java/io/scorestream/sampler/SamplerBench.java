package io.scorestream.sampler;

import io.scorestream.jmh.Fixture;
import io.scorestream.model.ScoreModel;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.openjdk.jmh.annotations.*;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Score evaluation and one DDPM step on a sampler chunk ({@link ReverseDiffusion#CHUNK} points) at
 * d = 10, default structure, beside the yardstick: EJML's dense multiply of the chunk's features
 * (CHUNK×p) by one cell's coefficients (p×d).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
@State(Scope.Thread)
public class SamplerBench {
    static final int LEVEL = 100;

    ScoreModel model;
    DMatrixRMaj x, score, phi, w, eps;
    double tHigh, tLow;
    SplittableRandom rng = new SplittableRandom(3);
    final AncestralSampler ddpm = new AncestralSampler();

    @Setup(Level.Trial)
    public void setUp() {
        Fixture f = new Fixture(10, 200);
        model = f.model;
        int d = f.dimension, p = model.level(LEVEL).structure().featureCount();
        tHigh = model.schedule().time(LEVEL);
        tLow = model.schedule().time(LEVEL - 1);
        // Points distributed as x_t at the level: a·x₀ + s·z on standardised data.
        x = Fixture.rows(f.data, 0, ReverseDiffusion.CHUNK);
        model.columns().forward(x, null, 0, x);
        double a = Math.exp(-tHigh), s = Math.sqrt(-Math.expm1(-2 * tHigh));
        for (int i = 0; i < x.data.length; i++) x.data[i] = a * x.data[i] + s * rng.nextGaussian();
        score = new DMatrixRMaj(x.numRows, d);
        phi = new DMatrixRMaj(x.numRows, p);
        for (int i = 0; i < phi.data.length; i++) phi.data[i] = rng.nextGaussian();
        w = model.level(LEVEL).coefficients(0);
        eps = new DMatrixRMaj(x.numRows, d);
    }

    /** ε̂ → score for CHUNK points at a grid level (cells, features, Φ_c W_c per cell). */
    @Benchmark
    public DMatrixRMaj scoreEvaluation() {
        model.score(tHigh, x, score);
        return score;
    }

    /** One ancestral step: the score, then the update with fresh noise. The state is restored so every call sees x_t. */
    @Benchmark
    public DMatrixRMaj samplerStep() {
        DMatrixRMaj state = x.copy();
        model.score(tHigh, state, score);
        ddpm.step(state, score, tHigh, tLow, rng);
        return state;
    }

    /** The yardstick: EJML's dense multiply (CHUNK×p)(p×d). */
    @Benchmark
    public DMatrixRMaj yardstick() {
        CommonOps_DDRM.mult(phi, w, eps);
        return eps;
    }
}
