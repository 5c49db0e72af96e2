package io.scorestream.jmh;

import io.scorestream.learn.FitOptions;
import io.scorestream.learn.Fitter;
import io.scorestream.learn.ScoreLearner;
import io.scorestream.learn.StructurePlanner;
import io.scorestream.mixture.GaussianMixture;
import io.scorestream.model.ModelStructure;
import io.scorestream.model.ScoreModel;
import org.ejml.data.DMatrixRMaj;

import java.util.SplittableRandom;

/**
 * The data every kernel benchmark runs on: the mixture of {@code bench-stream} (four isotropic
 * components 6, 12, 18, 24 apart along the axes) at dimension d, a structure planned with the
 * defaults for 20 000 samples (200 levels, degree 2, rank min(d, 4), up to 32 cells), and the model
 * learned from those samples.
 */
public final class Fixture {
    public static final int SAMPLES = 20_000;

    public final int dimension;
    public final DMatrixRMaj data;
    public final FitOptions options;
    public final ModelStructure structure;
    public final ScoreModel model;

    public Fixture(int d, int levels) {
        this.dimension = d;
        this.data = mixture(d, SAMPLES, 1);
        this.options = FitOptions.defaults().withLevels(levels).resolve(d, SAMPLES);
        this.structure = StructurePlanner.plan(Fitter.reservoir(data, options.reservoir(), options.seed()), options, null);
        ScoreLearner learner = new ScoreLearner(structure, options.seed(), 1, options.ridge());
        learner.absorb(data, 0);
        this.model = learner.solve();
    }

    /** n samples of the benchmark mixture in dimension d. */
    public static DMatrixRMaj mixture(int d, int n, long seed) {
        double[][] means = new double[4][d];
        for (int i = 0; i < 4; i++) means[i][i % d] = 6 * (i + 1);
        return GaussianMixture.isotropic(new double[]{0.25, 0.25, 0.25, 0.25}, means, 1).sample(n, new SplittableRandom(seed), null);
    }

    /** Rows [first, first + count) of m. */
    public static DMatrixRMaj rows(DMatrixRMaj m, int first, int count) {
        DMatrixRMaj out = new DMatrixRMaj(count, m.numCols);
        System.arraycopy(m.data, first * m.numCols, out.data, 0, count * m.numCols);
        return out;
    }
}
