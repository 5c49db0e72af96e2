package io.scorestream.data;

import io.scorestream.mixture.GaussianMixture;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class DatasetsTest {
    private static final Map<String, Integer> DIMENSIONS = Map.ofEntries(
            Map.entry("gmm", 2), Map.entry("aniso", 3), Map.entry("overlap", 2), Map.entry("gmm64", 64), Map.entry("many", 2),
            Map.entry("many12", 12), Map.entry("factors40", 40), Map.entry("factors100", 100), Map.entry("many200", 2), Map.entry("ring", 2), Map.entry("sphere", 3), Map.entry("spiral", 2),
            Map.entry("student", 3), Map.entry("mixedtypes", 5), Map.entry("embed64", 64), Map.entry("embed256", 256), Map.entry("embed512", 512),
            Map.entry("embed768", 768), Map.entry("embed1024", 1024));

    @Test
    void kindsAreListedInTheDocumentedOrder() {
        assertEquals(List.of("gmm", "aniso", "overlap", "gmm64", "many", "many12", "ring", "sphere", "spiral",
                "student", "mixedtypes", "factors40", "factors100", "many200", "embed64", "embed256", "embed512", "embed768", "embed1024"), Datasets.kinds());
        assertEquals(Datasets.kinds().subList(0, 12), Datasets.defaultQualityKinds());
        assertFalse(Datasets.defaultQualityKinds().contains("factors100"), "d = 100 runs on request");
        assertFalse(Datasets.defaultQualityKinds().contains("many200"), "EM's 202 candidate counts run on request");
    }

    @Test
    void everyKindHasTheDocumentedShapeAndTruthOnlyForMixtures() {
        for (String kind : Datasets.kinds()) {
            Dataset ds = Datasets.generate(kind, 37, 5);
            assertEquals(kind, ds.kind());
            assertEquals(37, ds.samples().numRows, kind);
            assertEquals(DIMENSIONS.get(kind), ds.samples().numCols, kind);
            boolean manifold = List.of("ring", "sphere", "spiral", "student", "mixedtypes").contains(kind);
            // embed512/768/1024's truths take d×d factorisations of a minute on a shared machine; embed64
            // and embed256 are built by the same code and checked here.
            if (List.of("embed512", "embed768", "embed1024").contains(kind)) continue;
            assertEquals(manifold, ds.truth() == null, kind);
            if (!manifold) assertEquals(ds.samples().numCols, ds.truth().dimension(), kind);
        }
    }

    @Test
    void studentHasTheQuantilesOfItsTDistribution() {
        // The first coordinate is exactly t with 2.5 degrees of freedom (the factor's first row is e₁);
        // the others are t-scaled mixtures of the same z, so their quartiles are those of t too.
        double[] x = column(Datasets.generate("student", 40000, 3).samples(), 0);
        var t = new org.apache.commons.math3.distribution.TDistribution(2.5);
        for (double p : new double[]{0.1, 0.25, 0.5, 0.75, 0.9, 0.99})
            assertEquals(t.inverseCumulativeProbability(p), quantile(x, p), 0.04 * (1 + Math.abs(t.inverseCumulativeProbability(p))), "quantile " + p);
    }

    @Test
    void mixedTypesHasABinaryFlagAndACountWithTheirMeans() {
        DMatrixRMaj x = Datasets.generate("mixedtypes", 40000, 3).samples();
        double[] flag = column(x, 3), count = column(x, 4);
        for (double v : flag) assertTrue(v == 0 || v == 1, "flag " + v);
        for (double v : count) assertTrue(v >= 0 && v == Math.rint(v), "count " + v);
        // 0.6·0.8 + 0.4·0.2 and 0.6·3 + 0.4·0.5.
        assertEquals(0.56, java.util.Arrays.stream(flag).average().orElseThrow(), 0.01);
        assertEquals(2.0, java.util.Arrays.stream(count).average().orElseThrow(), 0.04);
    }

    private static double[] column(DMatrixRMaj x, int j) {
        double[] c = new double[x.numRows];
        for (int i = 0; i < c.length; i++) c[i] = x.get(i, j);
        return c;
    }

    private static double quantile(double[] values, double p) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[(int) Math.round(p * (sorted.length - 1))];
    }

    @Test
    void sameSeedGivesSameDataAndOtherSeedsDiffer() {
        for (String kind : Datasets.kinds()) {
            DMatrixRMaj a = Datasets.generate(kind, 50, 123).samples();
            DMatrixRMaj b = Datasets.generate(kind, 50, 123).samples();
            DMatrixRMaj c = Datasets.generate(kind, 50, 124).samples();
            assertArrayEquals(a.data, b.data, 0.0, kind);
            assertFalse(java.util.Arrays.equals(a.data, c.data), kind);
        }
    }

    @Test
    void mixtureParametersAreFixedAsDocumented() {
        GaussianMixture gmm = Datasets.generate("gmm", 1, 0).truth();
        assertArrayEquals(new double[]{0.1, 0.2, 0.3, 0.4}, gmm.weights(), 1e-12);
        assertArrayEquals(new double[]{4, 4}, gmm.mean(3), 0.0);
        GaussianMixture many200 = Datasets.generate("many200", 1, 0).truth();
        assertEquals(200, many200.size());
        assertEquals(1.0, java.util.Arrays.stream(many200.weights()).sum(), 1e-12);
        for (int i = 0; i < 200; i++) {
            assertTrue(Math.abs(many200.mean(i)[0]) <= 15 && Math.abs(many200.mean(i)[1]) <= 15);
            double sd = Math.sqrt(many200.covariances()[i][0][0]);
            assertTrue(sd >= 0.125 && sd <= 0.375, "sd " + sd);
        }
        GaussianMixture many = Datasets.generate("many", 1, 0).truth();
        assertEquals(25, many.size());
        assertEquals(0.08 * 0.08, many.covariances()[7][1][1], 1e-15);
        GaussianMixture g64 = Datasets.generate("gmm64", 1, 0).truth();
        GaussianMixture g64again = Datasets.generate("gmm64", 1, 99).truth();
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(g64.mean(i), g64again.mean(i), 0.0, "gmm64 means must not depend on the seed");
            for (int j = 0; j < i; j++) assertEquals(8.0, distance(g64.mean(i), g64.mean(j)), 1e-9);
        }
        // aniso: every component's covariance has eigenvalues 5, 1, 0.2 (trace 6.2, det 1), i.e. a factor 25.
        for (double[][] c : Datasets.generate("aniso", 1, 0).truth().covariances()) {
            assertEquals(6.2, c[0][0] + c[1][1] + c[2][2], 1e-12);
            assertEquals(1.0, det3(c), 1e-12);
            assertNotEquals(0.0, c[0][1], "aniso covariances must be rotated, not axis-aligned");
        }
        // overlap: means 1.5 apart while component standard deviations are 0.84–1.18.
        GaussianMixture overlap = Datasets.generate("overlap", 1, 0).truth();
        assertEquals(1.5, distance(overlap.mean(0), overlap.mean(1)), 1e-12);
        assertEquals(1.5, distance(overlap.mean(1), overlap.mean(2)), 1e-12);
        assertEquals(1.5, distance(overlap.mean(0), overlap.mean(2)), 1e-12);
    }

    /** factors40's components differ only inside the five factors' span: any two covariances differ by rank ≤ 5, their means by a vector in it. */
    @Test
    void factors40IsFiveFactorsThroughFortyColumns() {
        GaussianMixture truth = Datasets.generate("factors40", 1, 0).truth();
        assertEquals(5, truth.size());
        assertEquals(40, truth.dimension());
        for (int i = 1; i < truth.size(); i++) {
            org.ejml.data.DMatrixRMaj difference = new org.ejml.data.DMatrixRMaj(40, 40);
            for (int a = 0; a < 40; a++) for (int b = 0; b < 40; b++) difference.set(a, b, truth.covariances()[i][a][b] - truth.covariances()[0][a][b]);
            var svd = org.ejml.dense.row.factory.DecompositionFactory_DDRM.svd(40, 40, false, false, true);
            assertTrue(svd.decompose(difference));
            double[] singular = svd.getSingularValues().clone();
            java.util.Arrays.sort(singular);
            assertTrue(singular[40 - 6] < 1e-9 * singular[39], "component " + i + ": a sixth direction of difference " + singular[40 - 6]);
            assertTrue(singular[40 - 5] > 1e-3 * singular[39], "component " + i + ": the five factors all differ");
        }
    }

    @Test
    void mixtureSamplesHaveTheTruthsMeanAndCovariance() {
        for (String kind : List.of("gmm", "aniso", "overlap", "gmm64", "many", "factors40", "embed64")) {
            int n = kind.startsWith("gmm64") || kind.startsWith("embed") ? 5000 : 20000;
            Dataset ds = Datasets.generate(kind, n, 42);
            GaussianMixture truth = ds.truth();
            int d = truth.dimension();
            double[] mean = new double[d];
            double[][] cov = new double[d][d];
            double[][][] covs = truth.covariances();
            for (int i = 0; i < truth.size(); i++) {
                double[] mu = truth.mean(i);
                for (int a = 0; a < d; a++) mean[a] += truth.weight(i) * mu[a];
                for (int a = 0; a < d; a++)
                    for (int b = 0; b < d; b++) cov[a][b] += truth.weight(i) * (covs[i][a][b] + mu[a] * mu[b]);
            }
            double maxVar = 0;
            for (int a = 0; a < d; a++)
                for (int b = 0; b < d; b++) cov[a][b] -= mean[a] * mean[b];
            for (int a = 0; a < d; a++) maxVar = Math.max(maxVar, cov[a][a]);

            double[] sampleMean = columnMeans(ds.samples());
            double[][] sampleCov = covariance(ds.samples(), sampleMean);
            // Several standard errors, with room for the max over up to 64 coordinates / 4096 entries.
            double meanTol = 5 * Math.sqrt(maxVar / n);
            double covTol = 6 * Math.sqrt(2) * maxVar / Math.sqrt(n);
            for (int a = 0; a < d; a++) {
                assertEquals(mean[a], sampleMean[a], meanTol, kind + " mean[" + a + "]");
                for (int b = 0; b < d; b++) assertEquals(cov[a][b], sampleCov[a][b], covTol, kind + " cov[" + a + "][" + b + "]");
            }
        }
    }

    @Test
    void ringRadiiAreOneWithNoiseSdFiveHundredths() {
        double[] r = radii(Datasets.generate("ring", 20000, 7).samples());
        assertEquals(1.0, mean(r), 0.005);
        assertEquals(0.05, sd(r), 0.003);
        double[] centre = columnMeans(Datasets.generate("ring", 20000, 7).samples());
        assertEquals(0.0, centre[0], 0.02);
        assertEquals(0.0, centre[1], 0.02);
    }

    @Test
    void sphereRadiiAreOneAndDirectionsUniform() {
        DMatrixRMaj x = Datasets.generate("sphere", 20000, 8).samples();
        double[] r = radii(x);
        assertEquals(1.0, mean(r), 0.005);
        assertEquals(0.05, sd(r), 0.003);
        // Uniform on S²: mean zero and covariance I/3 (plus the small noise variance).
        double[] m = columnMeans(x);
        double[][] c = covariance(x, m);
        for (int a = 0; a < 3; a++) {
            assertEquals(0.0, m[a], 0.015);
            for (int b = 0; b < 3; b++) assertEquals(a == b ? 1.0 / 3 + 0.0025 : 0.0, c[a][b], 0.015);
        }
    }

    @Test
    void spiralRadiiAreUniformBetweenHalfAndTwo() {
        double[] r = radii(Datasets.generate("spiral", 20000, 9).samples());
        // r = θ/(2π) with θ uniform on [π, 4π]: uniform on [0.5, 2], mean 1.25, sd 1.5/√12.
        assertEquals(1.25, mean(r), 0.015);
        assertEquals(1.5 / Math.sqrt(12), sd(r), 0.01);
        for (double v : r) assertTrue(v > 0.25 && v < 2.25, "radius " + v);
    }

    @Test
    void unknownKindNamesAllKnownKinds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Datasets.generate("moons", 10, 1));
        assertEquals("unknown kind 'moons'; known kinds: gmm, aniso, overlap, gmm64, many, many12, ring, sphere, spiral, student, mixedtypes, factors40, factors100, many200, embed64, embed256, embed512, embed768, embed1024", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Datasets.generate("gmm", 0, 1));
    }

    private static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
        return Math.sqrt(s);
    }

    private static double det3(double[][] m) {
        return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
                - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    }

    private static double[] radii(DMatrixRMaj x) {
        double[] r = new double[x.numRows];
        for (int i = 0; i < x.numRows; i++) {
            double s = 0;
            for (int j = 0; j < x.numCols; j++) s += x.get(i, j) * x.get(i, j);
            r[i] = Math.sqrt(s);
        }
        return r;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    private static double sd(double[] v) {
        double m = mean(v), s = 0;
        for (double x : v) s += (x - m) * (x - m);
        return Math.sqrt(s / (v.length - 1));
    }

    private static double[] columnMeans(DMatrixRMaj x) {
        double[] m = new double[x.numCols];
        for (int i = 0; i < x.numRows; i++)
            for (int j = 0; j < x.numCols; j++) m[j] += x.get(i, j);
        for (int j = 0; j < m.length; j++) m[j] /= x.numRows;
        return m;
    }

    private static double[][] covariance(DMatrixRMaj x, double[] mean) {
        int d = x.numCols;
        double[][] c = new double[d][d];
        double[] diff = new double[d];
        for (int i = 0; i < x.numRows; i++) {
            for (int j = 0; j < d; j++) diff[j] = x.get(i, j) - mean[j];
            for (int a = 0; a < d; a++)
                for (int b = 0; b < d; b++) c[a][b] += diff[a] * diff[b];
        }
        for (int a = 0; a < d; a++)
            for (int b = 0; b < d; b++) c[a][b] /= x.numRows - 1;
        return c;
    }
}
