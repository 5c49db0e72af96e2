package io.scorestream.learn;

import io.scorestream.columns.ColumnOptions;
import io.scorestream.columns.Columns;
import io.scorestream.data.Dataset;
import io.scorestream.data.Datasets;
import io.scorestream.model.SubspaceSplit;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** The data choose the split: a subspace where the structure lives in one, every coordinate where it does not. */
class SubspaceChoiceTest {

    /** Five spikes above a flat spectrum in ℝ¹⁰⁰: randomized iteration finds their variances, the split's BIC their number. */
    @Test
    void randomizedDirectionsMatchTheExactSpectrumAndBicFindsTheSpikes() {
        int d = 100, m = 2000;
        SplittableRandom rng = new SplittableRandom(7);
        DMatrixRMaj x = new DMatrixRMaj(m, d);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < d; j++) x.data[i * d + j] = rng.nextGaussian() * (j < 5 ? Math.sqrt(10 - j) : 1);
        PrincipalDirections top = PrincipalDirections.of(x, 8, new SplittableRandom(1));
        assertEquals(5, top.bicRank(m));
        double[] exact = exactEigenvalues(x);
        for (int k = 0; k < 5; k++) assertEquals(exact[k], top.values()[k], 1e-4 * exact[k], "eigenvalue " + k);   // 4 power passes: a spectral gap of 7.15 vs 6.15 converges to ~1e-6
        DMatrixRMaj flat = new DMatrixRMaj(m, d);
        for (int i = 0; i < flat.data.length; i++) flat.data[i] = rng.nextGaussian() * (1 + (i % d) / 10.0);   // no flat part
        assertEquals(8, PrincipalDirections.of(flat, 8, new SplittableRandom(1)).bicRank(m), "a spectrum without a flat tail wants every direction examined");
    }

    /**
     * Five factors seen through 40 columns, each with noise of its own size, standardised:
     * probabilistic PCA's shared complement variance finds no flat tail below the 39 directions it
     * examines; asked again of the columns scaled to unit noise it finds the five, and the split
     * wins on held-out likelihood.
     */
    @Test
    void factorsSeenThroughColumnsOfUnequalNoiseAreFiveDirections() {
        int d = 40, m = 3000, factors = 5;
        SplittableRandom rng = new SplittableRandom(11);
        double[][] loading = new double[d][factors];
        double[] noise = new double[d];
        for (int j = 0; j < d; j++) {
            for (int k = 0; k < factors; k++) loading[j][k] = rng.nextGaussian();
            noise[j] = 0.05 + 0.5 * rng.nextDouble();
        }
        DMatrixRMaj raw = new DMatrixRMaj(m, d);
        for (int i = 0; i < m; i++) {
            double[] z = new double[factors];
            int cluster = rng.nextInt(3);
            for (int k = 0; k < factors; k++) z[k] = 3 * (cluster - 1) * (k == cluster ? 1 : 0) + rng.nextGaussian();
            for (int j = 0; j < d; j++) {
                double v = noise[j] * rng.nextGaussian();
                for (int k = 0; k < factors; k++) v += loading[j][k] * z[k];
                raw.data[i * d + j] = v;
            }
        }
        DMatrixRMaj x = new DMatrixRMaj(m, d);
        Columns.learn(raw, ColumnOptions.PLAIN).forward(raw, null, 0, x);
        SubspaceChoice.Choice choice = SubspaceChoice.choose(x, FitOptions.defaults().resolve(d, m));
        assertEquals(factors, choice.bicRank(), choice.describe());
        assertFalse(choice.split().isFull(), choice.describe());
        // A judge's fit, where the whole data's plan kept every coordinate, looks for no split.
        SubspaceChoice.Choice judging = SubspaceChoice.keepingCategories(x, FitOptions.defaults().withAllCoordinates().resolve(d, m), null, 0);
        assertTrue(judging.split().isFull(), judging.describe());
        assertTrue(judging.describe().contains("as the whole data's plan"), judging.describe());
        // Where the plan split, the judge's fit takes its rank and estimates the directions on its own rows.
        DMatrixRMaj half = new DMatrixRMaj(m / 2, d);
        System.arraycopy(x.data, 0, half.data, 0, half.data.length);
        SubspaceChoice.Choice atRank = SubspaceChoice.keepingCategories(half, FitOptions.defaults().withSubspaceRank(7).resolve(d, m / 2), null, 0);
        assertEquals(7, atRank.split().rank(), atRank.describe());
        assertEquals("subspace 7 of 40 (the whole data's plan's rank)", atRank.describe());
        SubspaceSplit own = SubspaceChoice.estimate(half, 7, FitOptions.defaults().resolve(d, m / 2));
        assertArrayEquals(own.complementVariances(), atRank.split().complementVariances(), 0.0, "the directions of the judge's own rows");
    }

    /**
     * Ten factors in four clusters seen through 100 columns, each with the same raw noise (sd 0.5)
     * but loadings of unequal size, so that once standardised the columns' noise differs by an
     * order of magnitude. PPCA alone finds a flat tail, but only after spending dozens of
     * directions on that noise; BIC prefers the columns scaled to unit noise, whose rank is the ten.
     */
    @Test
    void unequalNoiseThatStillLeavesAFlatTailIsJudgedByBic() {
        int d = 100, m = 4096, factors = 10;
        SplittableRandom rng = new SplittableRandom(13);
        double[][] loading = new double[d][factors], centres = new double[4][factors];
        for (double[] row : loading) for (int k = 0; k < factors; k++) row[k] = rng.nextGaussian();
        for (double[] c : centres) for (int k = 0; k < factors; k++) c[k] = 3 * rng.nextGaussian();
        DMatrixRMaj raw = new DMatrixRMaj(m, d);
        for (int i = 0; i < m; i++) {
            double[] z = new double[factors], c = centres[rng.nextInt(4)];
            for (int k = 0; k < factors; k++) z[k] = c[k] + rng.nextGaussian();
            for (int j = 0; j < d; j++) {
                double v = 0.5 * rng.nextGaussian();
                for (int k = 0; k < factors; k++) v += loading[j][k] * z[k];
                raw.data[i * d + j] = v;
            }
        }
        DMatrixRMaj x = new DMatrixRMaj(m, d);
        Columns.learn(raw, ColumnOptions.PLAIN).forward(raw, null, 0, x);
        // What PPCA alone says on the choice's training rows: a flat tail, far past the ten.
        int trainRows = SubspaceChoice.heldOutFrom(m);
        DMatrixRMaj train = new DMatrixRMaj(trainRows, d);
        System.arraycopy(x.data, 0, train.data, 0, trainRows * d);
        PrincipalDirections plain = PrincipalDirections.of(train, 64, new SplittableRandom(1));
        int plainRank = plain.bicRank(trainRows);
        assertTrue(plainRank > 2 * factors && plainRank < 64, "PPCA's own rank " + plainRank);

        SubspaceChoice.Choice choice = SubspaceChoice.choose(x, FitOptions.defaults().resolve(d, m));
        assertEquals(factors, choice.bicRank(), choice.describe());
        assertFalse(choice.split().isFull(), choice.describe());
        // The choice's own PPCA (its own random directions) found a flat tail too, far past the ten, and BIC overruled it.
        java.util.regex.Matcher own = java.util.regex.Pattern.compile("rank from the columns scaled to unit noise \\(PPCA's rank (\\d+), BIC").matcher(choice.describe());
        assertTrue(own.find(), choice.describe());
        assertTrue(Integer.parseInt(own.group(1)) > 2 * factors, choice.describe());
    }

    /**
     * Ten strong factors on every column, and thirty weak ones on the 40 of 160 columns whose
     * noise is twenty times smaller: plain PPCA's one shared noise variance hides the weak ones
     * (its rank, 30, is below the 32 directions it examines first), the columns scaled to unit
     * noise show 38 of the forty. The split must then be cut at 38 from plain directions computed
     * that far; it fell back to every coordinate instead ("BIC rank 38 reaches the 32 directions
     * examined"), which sent 785-column MNIST to the slowest path.
     */
    @Test
    void aScaledRankBeyondThePlainDirectionsExaminedIsStillSplit() {
        int d = 160, m = 4096, strong = 10, weak = 30;
        SplittableRandom rng = new SplittableRandom(17);
        double[][] loading = new double[d][strong + weak];
        double[] noise = new double[d];
        for (int j = 0; j < d; j++) {
            boolean quiet = j >= 120;
            noise[j] = quiet ? 0.05 : 1;
            for (int k = 0; k < strong; k++) loading[j][k] = rng.nextGaussian();
            for (int k = strong; k < strong + weak; k++) loading[j][k] = quiet ? 0.3 * rng.nextGaussian() : 0;
        }
        DMatrixRMaj raw = new DMatrixRMaj(m, d);
        for (int i = 0; i < m; i++) {
            double[] z = new double[strong + weak];
            for (int k = 0; k < z.length; k++) z[k] = rng.nextGaussian();
            for (int j = 0; j < d; j++) {
                double v = noise[j] * rng.nextGaussian();
                for (int k = 0; k < z.length; k++) v += loading[j][k] * z[k];
                raw.data[i * d + j] = v;
            }
        }
        DMatrixRMaj x = new DMatrixRMaj(m, d);
        Columns.learn(raw, ColumnOptions.PLAIN).forward(raw, null, 0, x);
        SubspaceChoice.Choice choice = SubspaceChoice.choose(x, FitOptions.defaults().resolve(d, m));
        java.util.regex.Matcher own = java.util.regex.Pattern.compile("PPCA's rank (\\d+), BIC").matcher(choice.describe());
        assertTrue(own.find(), choice.describe());
        assertTrue(Integer.parseInt(own.group(1)) < 32, "plain PPCA stops below its first 32 directions: " + choice.describe());
        assertTrue(choice.bicRank() >= 32 && choice.bicRank() <= strong + weak, choice.describe());
        assertFalse(choice.split().isFull(), choice.describe());
        assertEquals(choice.bicRank(), choice.split().rank(), choice.describe());
    }

    /**
     * Four strong Gaussian factors and four weak two-mode ones (each row at ±1.2 noise standard
     * deviations along it), seen through 400 columns of unit noise. A weak direction's variance is
     * 2.4 times the noise's: at 400 columns PPCA's BIC charges it more than its Gaussian gain, and
     * stops at the four strong ones. The split's held-out density is higher at rank 8 than at
     * BIC's 4 and lower again at 16, so the split compared with the full structure is the one of
     * rank 8. (Here it gains too little over the full structure, 0.004 nats a coordinate, to be
     * kept; on 785-column MNIST, where it is, the rank search takes the split from 35 to 70.)
     */
    @Test
    void theSplitsRankRisesPastBicWhileTheHeldOutRowsSaySo() {
        int d = 400, m = 4096, strong = 4, weak = 4;
        SplittableRandom rng = new SplittableRandom(19);
        // Orthonormal directions spread over every column (Gram-Schmidt of Gaussian vectors), so that
        // standardising the columns leaves them as they are.
        double[][] u = new double[strong + weak][d];
        for (int k = 0; k < u.length; k++) {
            for (int j = 0; j < d; j++) u[k][j] = rng.nextGaussian();
            for (int l = 0; l < k; l++) {
                double dot = 0;
                for (int j = 0; j < d; j++) dot += u[k][j] * u[l][j];
                for (int j = 0; j < d; j++) u[k][j] -= dot * u[l][j];
            }
            double norm = 0;
            for (int j = 0; j < d; j++) norm += u[k][j] * u[k][j];
            for (int j = 0; j < d; j++) u[k][j] /= Math.sqrt(norm);
        }
        DMatrixRMaj raw = new DMatrixRMaj(m, d);
        for (int i = 0; i < m; i++) {
            double[] z = new double[u.length];
            for (int k = 0; k < strong; k++) z[k] = 4 * rng.nextGaussian();
            for (int k = strong; k < u.length; k++) z[k] = rng.nextBoolean() ? 1.2 : -1.2;
            for (int j = 0; j < d; j++) {
                double v = rng.nextGaussian();
                for (int k = 0; k < u.length; k++) v += z[k] * u[k][j];
                raw.data[i * d + j] = v;
            }
        }
        DMatrixRMaj x = new DMatrixRMaj(m, d);
        Columns.learn(raw, ColumnOptions.PLAIN).forward(raw, null, 0, x);
        SubspaceChoice.Choice choice = SubspaceChoice.choose(x, FitOptions.defaults().resolve(d, m));
        assertEquals(strong, choice.bicRank(), choice.describe());
        java.util.regex.Matcher ranks = java.util.regex.Pattern.compile("split at rank 4 (-?[0-9.]+), 8 (-?[0-9.]+), 16 (-?[0-9.]+);").matcher(choice.describe());
        assertTrue(ranks.find(), choice.describe());
        double at4 = Double.parseDouble(ranks.group(1)), at8 = Double.parseDouble(ranks.group(2)), at16 = Double.parseDouble(ranks.group(3));
        assertTrue(at8 > at4 && at16 < at8, choice.describe());
        assertEquals(at8, choice.splitLogLikelihood(), 1e-3, "the split judged against the full structure is the one of rank 8");
    }

    /**
     * The complement P⊥·diag(λ)·P⊥ whose diagonal the residual variances are: λ recovered exactly
     * for unequal λ (dividing each v_j by (P⊥)_jj mixed them: factors40's generated rows were too
     * wide in its quiet columns, 39 nats a row below a true sample under the truth).
     */
    @Test
    void complementVariancesOfUnequalNoiseAreRecoveredExactly() {
        recoversComplementVariances(30, 4);    // r(r + 1) below d/2: Woodbury's identity on the low-rank part
        recoversComplementVariances(30, 6);    // the dense solve
        recoversComplementVariances(1500, 5);  // the wide case it is for: 100 rows of 3 000 columns took 9 s a dense solve
    }

    private static void recoversComplementVariances(int d, int r) {
        SplittableRandom rng = new SplittableRandom(5);
        DMatrixRMaj raw = new DMatrixRMaj(d, r);
        for (int i = 0; i < raw.data.length; i++) raw.data[i] = rng.nextGaussian();
        var qr = DecompositionFactory_DDRM.qr(d, r);
        assertTrue(qr.decompose(raw));
        DMatrixRMaj basis = CommonOps_DDRM.transpose(qr.getQ(null, true), null);   // r×d, orthonormal rows
        double[] lambda = new double[d], residual = new double[d];
        for (int j = 0; j < d; j++) lambda[j] = 0.01 + rng.nextDouble();
        DMatrixRMaj gram = new DMatrixRMaj(d, d);
        CommonOps_DDRM.multTransA(basis, basis, gram);
        for (int j = 0; j < d; j++)
            for (int k = 0; k < d; k++) {
                double p = (j == k ? 1 : 0) - gram.get(j, k);
                residual[j] += p * p * lambda[k];
            }
        double[] recovered = PrincipalDirections.complementVariances(basis, residual, 1e-6);
        for (int j = 0; j < d; j++) assertEquals(lambda[j], recovered[j], 1e-9, "d " + d + ", r " + r + ": coordinate " + j);
    }

    @Test
    void anEmbeddedMixtureIsSplitAndItsMeansLieInTheSubspace() {
        Dataset data = Datasets.generate("embed64", 4096, 3);
        Columns columns = Columns.learn(data.samples(), ColumnOptions.PLAIN);
        DMatrixRMaj x = new DMatrixRMaj(4096, 64);
        columns.forward(data.samples(), null, 0, x);
        SubspaceChoice.Choice choice = SubspaceChoice.choose(x, FitOptions.defaults().resolve(64, 4096));
        SubspaceSplit split = choice.split();
        assertFalse(split.isFull(), choice.describe());
        assertTrue(split.rank() >= 15 && split.rank() <= 32, choice.describe());   // 15 mean directions, 24 with the anisotropy; BIC on 2 048 rows takes ~30
        assertTrue(choice.splitLogLikelihood() > choice.fullLogLikelihood(), choice.describe());
        // [GKL]: the non-linear part of the score lies in the span of the means.
        double[] mean = new double[64], scale = new double[64];
        for (int j = 0; j < 64; j++) { mean[j] = columns.transform(j).mean(); scale[j] = columns.transform(j).scale(); }
        var truth = data.truth().standardised(mean, scale);
        DMatrixRMaj u = split.basis();
        double[] centre = new double[64];
        for (int k = 0; k < truth.size(); k++) for (int j = 0; j < 64; j++) centre[j] += truth.weight(k) * truth.mean(k)[j];
        for (int k = 0; k < truth.size(); k++) {
            double[] mu = truth.mean(k).clone();
            for (int j = 0; j < 64; j++) mu[j] -= centre[j];
            double norm = 0, inside = 0;
            for (double v : mu) norm += v * v;
            for (int a = 0; a < u.numRows; a++) {
                double dot = 0;
                for (int j = 0; j < mu.length; j++) dot += u.get(a, j) * mu[j];
                inside += dot * dot;
            }
            assertTrue(inside > 0.97 * norm, "component " + k + ": only " + inside / norm + " of its mean inside the subspace");
        }
        // Outside the subspace the truth's variance is 0.1 in the data's units, 0.1/scale² standardised:
        // on average over the coordinates the complement's variances match it (one coordinate is
        // off where BIC's six extra directions took its noise).
        double[] v = split.complementVariances();
        double ratio = 0;
        for (int j = 0; j < 64; j++) ratio += v[j] * scale[j] * scale[j] / 0.1 / 64;
        assertEquals(1, ratio, 0.15, "mean ratio of the complement's variances to the truth's");
    }

    @Test
    void everyQualityKindUpToD64KeepsEveryCoordinate() {
        // The quality kinds of d ≤ 64 at the planner's reservoir size: their models stay exactly as they
        // were. gmm64's means span four directions, but standardising its columns couples the
        // complement to them, and the mixture in every coordinate is the likelier one.
        for (String kind : java.util.List.of("gmm", "aniso", "overlap", "many", "many12", "ring", "sphere", "spiral", "gmm64")) {
            DMatrixRMaj raw = Datasets.generate(kind, 4096, 1).samples();
            DMatrixRMaj x = new DMatrixRMaj(raw.numRows, raw.numCols);
            Columns.learn(raw, ColumnOptions.DEFAULTS).forward(raw, null, 0, x);
            SubspaceChoice.Choice choice = SubspaceChoice.choose(x, FitOptions.defaults().resolve(raw.numCols, 4096));
            assertTrue(choice.split().isFull(), kind + ": " + choice.describe());
        }
    }

    private static double[] exactEigenvalues(DMatrixRMaj x) {
        int m = x.numRows, d = x.numCols;
        double[] mean = new double[d];
        for (int i = 0; i < m; i++) for (int j = 0; j < d; j++) mean[j] += x.data[i * d + j] / m;
        DMatrixRMaj c = new DMatrixRMaj(m, d);
        for (int i = 0; i < m; i++) for (int j = 0; j < d; j++) c.data[i * d + j] = x.data[i * d + j] - mean[j];
        DMatrixRMaj cov = new DMatrixRMaj(d, d);
        CommonOps_DDRM.multTransA(c, c, cov);
        CommonOps_DDRM.scale(1.0 / m, cov);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, false, true);
        assertTrue(eig.decompose(cov));
        double[] values = new double[d];
        for (int k = 0; k < d; k++) values[k] = eig.getEigenvalue(k).getReal();
        Arrays.sort(values);
        for (int k = 0; k < d / 2; k++) { double t = values[k]; values[k] = values[d - 1 - k]; values[d - 1 - k] = t; }
        return values;
    }
}
