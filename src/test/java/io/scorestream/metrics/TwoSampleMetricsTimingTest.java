package io.scorestream.metrics;

import io.scorestream.data.Datasets;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Wall-clock of a full comparison at the classifier's cap (10 000 × 10 000). Off by default because it
 * takes several seconds; run with {@code mvn test -Dtest=TwoSampleMetricsTimingTest -Dscorestream.timing=true}.
 */
@EnabledIfSystemProperty(named = "scorestream.timing", matches = "true")
class TwoSampleMetricsTimingTest {
    @Test
    void fullSizeComparisonFinishesInSeconds() {
        for (String kind : new String[]{"gmm", "gmm64"}) {
            DMatrixRMaj a = Datasets.generate(kind, 10_000, 1).samples();
            DMatrixRMaj b = Datasets.generate(kind, 10_000, 2).samples();
            TwoSampleMetrics.compare(a, b, 0); // warm-up: let the JIT compile the kernels
            long start = System.nanoTime();
            TwoSampleReport r = TwoSampleMetrics.compare(a, b, 3);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("compare %s (d=%d) 10000 x 10000: %.2f s, classifier accuracy %.3f%n",
                    kind, a.numCols, seconds, r.classifierAccuracy());
            assertEquals(0.5, r.classifierAccuracy(), 0.03);
            assertTrue(seconds < 20, kind + " took " + seconds + " s");
        }
    }
}
