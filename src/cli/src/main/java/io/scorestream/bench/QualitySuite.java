package io.scorestream.bench;

import io.scorestream.baseline.EmBaseline;
import io.scorestream.baseline.KernelDensity;
import io.scorestream.data.Dataset;
import io.scorestream.data.Datasets;
import io.scorestream.learn.FitOptions;
import io.scorestream.learn.Fitter;
import io.scorestream.metrics.TruthMetrics;
import io.scorestream.metrics.TwoSampleMetrics;
import io.scorestream.metrics.TwoSampleReport;
import io.scorestream.mixture.ExactScore;
import io.scorestream.mixture.GaussianMixture;
import io.scorestream.model.ScoreModel;
import io.scorestream.sampler.SamplingPlan;
import org.ejml.data.DMatrixRMaj;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The quality table of QUALITY.md: for each distribution, ScoreStream (default options of
 * {@code fit} and {@code sample}), the
 * oracle sampler (exact mixture score, same sampler and grid), the EM baseline (full covariances,
 * k by BIC; its samples put on the column types ScoreStream learned from the same rows), the
 * smoothed bootstrap ({@link KernelDensity}, on the same types) and the
 * two-sample floor (two independent true samples), all judged against the same held-out reference
 * in one run.
 */
public final class QualitySuite {
    public record Row(String kind, int dimension, String method, double accuracy, double tvLowerBound, double mmd2,
                      double energy, double slicedW, double weightError, double meanLogLik, double fitSeconds, double sampleSeconds) {}

    private QualitySuite() {}

    /** @param emCandidates EM's k (null: 1..max(the dimension's default, k_true + 2)) */
    public static List<Row> run(List<String> kinds, int trainSize, int evalSize, EmCandidates emCandidates, long seed, Consumer<String> progress) {
        List<Row> rows = new ArrayList<>();
        for (String kind : kinds) {
            Dataset train = Datasets.generate(kind, trainSize, seed);
            DMatrixRMaj reference = Datasets.generate(kind, evalSize, seed + 1).samples();
            DMatrixRMaj floorSample = Datasets.generate(kind, evalSize, seed + 2).samples();
            GaussianMixture truth = train.truth();
            int d = train.samples().numCols;
            rows.add(row(kind, d, "floor (true vs true)", floorSample, reference, truth, 0, 0, seed));

            long t0 = System.nanoTime();
            ScoreModel model = Fitter.fit(train.samples(), FitOptions.defaults().withSeed(seed), null);
            double fit = seconds(t0);
            t0 = System.nanoTime();
            // The sampler and grid `sample` uses by default, so the row is what a user's samples are.
            SamplingPlan sampling = SamplingPlan.defaults();
            DMatrixRMaj generated = sampling.generate(model, sampling.grid(model, model.schedule()), evalSize, seed + 3);
            rows.add(row(kind, d, "ScoreStream", generated, reference, truth, fit, seconds(t0), seed));
            progress.accept(String.format("%s: ScoreStream fit %.1f s", kind, fit));

            if (truth != null && !model.columns().allAffine())
                progress.accept(kind + ": no oracle row (a column is quantile-mapped, so the exact score is not known in the model's units)");
            else if (truth != null) {
                // Same standardisation, sampler and grid as the learned model: only the score differs.
                GaussianMixture standardised = truth.standardised(model.columns().affineMaps()[0], model.columns().affineMaps()[1]);
                t0 = System.nanoTime();
                DMatrixRMaj oracle = sampling.sample(new ExactScore(standardised), model.schedule(), evalSize, seed + 3);
                model.toData(oracle);
                rows.add(row(kind, d, "oracle score, same sampler", oracle, reference, truth, 0, seconds(t0), seed));
            }

            t0 = System.nanoTime();
            // EM's search range: commons-math needs minutes per k above the true k at d = 64, so the
            // default range shrinks with d; where the truth is known it always reaches k_true + 2.
            EmCandidates ks = emCandidates != null ? emCandidates
                    : EmCandidates.upTo(Math.max(EmBaseline.defaultMaxComponents(d), truth == null ? 0 : truth.size() + 2));
            EmBaseline.Result em = EmBaseline.fit(train.samples(), ks.ks(), seed, message -> progress.accept(kind + ": " + message));
            fit = seconds(t0);
            t0 = System.nanoTime();
            DMatrixRMaj emSample = em.mixture().sample(evalSize, new SplittableRandom(seed + 4), null);
            // On the column types learned from the same training rows, as ScoreStream's samples are,
            // so that the rows compare shapes, not rounding (a count or a flag: mixedtypes).
            model.columns().types().apply(emSample);
            rows.add(row(kind, d, "EM, k=" + em.components() + " of " + ks.spelling() + " by BIC", emSample, reference, truth, fit, seconds(t0), seed));
            progress.accept(String.format("%s: EM k=%d fit %.1f s", kind, em.components(), fit));

            t0 = System.nanoTime();
            KernelDensity kde = KernelDensity.fit(train.samples(), seed);
            fit = seconds(t0);
            t0 = System.nanoTime();
            DMatrixRMaj kdeSample = kde.sample(evalSize, new SplittableRandom(seed + 5));
            model.columns().types().apply(kdeSample);
            rows.add(row(kind, d, String.format("%s (h = %.3f)", RealDataSuite.KERNEL_DENSITY_LABEL, kde.bandwidth()), kdeSample, reference, truth, fit, seconds(t0), seed));
        }
        return rows;
    }

    private static Row row(String kind, int d, String method, DMatrixRMaj x, DMatrixRMaj reference, GaussianMixture truth,
                           double fit, double sample, long seed) {
        TwoSampleReport r = TwoSampleMetrics.compare(x, reference, seed);
        double weightError = truth == null ? Double.NaN : TruthMetrics.weightError(truth, x);
        double logLik = truth == null ? Double.NaN : TruthMetrics.meanLogLikelihood(truth, x);
        return new Row(kind, d, method, r.classifierAccuracy(), r.tvLowerBound(), r.mmd2()[1], r.energyDistance(),
                r.slicedWasserstein(), weightError, logLik, fit, sample);
    }

    /** The rows as a Markdown table. */
    public static String markdown(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| distribution | d | method | C2ST acc | TV ≥ | MMD² (median bw) | energy | sliced W₁ | weight TV err | mean log-lik | fit s | sample s |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows)
            sb.append(String.format("| %s | %d | %s | %.3f | %.3f | %.5f | %.4f | %.4f | %s | %s | %s | %s |%n",
                    r.kind(), r.dimension(), r.method(), r.accuracy(), r.tvLowerBound(), r.mmd2(), r.energy(), r.slicedW(),
                    fmt(r.weightError(), "%.4f"), fmt(r.meanLogLik(), "%.3f"), r.fitSeconds() > 0 ? String.format("%.1f", r.fitSeconds()) : "–",
                    r.sampleSeconds() > 0 ? String.format("%.2f", r.sampleSeconds()) : "–"));
        return sb.toString();
    }

    private static String fmt(double v, String format) { return Double.isNaN(v) ? "–" : String.format(format, v); }

    private static double seconds(long start) { return (System.nanoTime() - start) / 1e9; }
}
