package io.scorestream.data;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Every vendored real data set loads with the rows, dimension, first row and value sum of its source file. */
class RealDatasetsTest {
    private record Expected(String kind, int rows, int dimension, double[] firstRow, double sum) {}

    // Sums computed from the vendored CSV text by the extraction script's reader (Python), not by this code.
    private static final List<Expected> EXPECTED = List.of(
            new Expected("iris", 150, 4, new double[]{5.1, 3.5, 1.4, 0.2}, 2078.7),
            new Expected("penguins", 342, 4, new double[]{39.1, 18.7, 181, 3750}, 1526600.0),
            new Expected("weather", 1461, 4, new double[]{0.0, 12.8, 5.0, 4.7}, 45209.8),
            new Expected("quakes", 1707, 3, new double[]{-118.6671667, 34.4945, 26.49}, -97529.53084939971),
            new Expected("airports", 3376, 2, new double[]{-89.23450472, 31.95376472}, -197781.8840483793),
            new Expected("digits", 1797, 64, new double[]{0, 0, 5, 13, 9, 1, 0, 0}, 561718.0));

    @Test
    void everyDataSetHasItsSourcesRowsDimensionFirstRowAndSum() {
        for (Expected e : EXPECTED) {
            DMatrixRMaj x = RealDatasets.load(e.kind());
            assertEquals(e.rows(), x.numRows, e.kind());
            assertEquals(e.dimension(), x.numCols, e.kind());
            for (int j = 0; j < e.firstRow().length; j++) assertEquals(e.firstRow()[j], x.get(0, j), 0.0, e.kind() + " column " + j);
            double sum = 0;
            for (double v : x.data) sum += v;
            assertEquals(e.sum(), sum, 1e-6 * Math.abs(e.sum()), e.kind());
        }
    }

    @Test
    void theDelayEmbeddingHoldsEightConsecutiveHoursPerRow() {
        DMatrixRMaj x = RealDatasets.load("hourly-delay");
        assertEquals(8759 - 8 + 1, x.numRows);
        assertEquals(8, x.numCols);
        // The series starts 4.0, 3.9, … and ends …, 4.3; row i + 1 is row i shifted by one hour.
        assertEquals(4.0, x.get(0, 0), 0.0);
        assertEquals(3.9, x.get(0, 1), 0.0);
        assertEquals(4.3, x.get(x.numRows - 1, 7), 0.0);
        for (int i = 0; i + 1 < x.numRows; i += 997)
            for (int j = 0; j < 7; j++) assertEquals(x.get(i, j + 1), x.get(i + 1, j), 0.0);
        double seriesSum = 97466.8, sum = 0; // sum of the vendored series, by the extraction script
        for (int i = 0; i < x.numRows; i++) sum += x.get(i, 0);
        for (int j = 1; j < 8; j++) sum += x.get(x.numRows - 1, j);
        assertEquals(seriesSum, sum, 1e-6);
    }

    @Test
    void kindsAreListedAndUnknownOnesAreRefused() {
        assertEquals(List.of("iris", "penguins", "weather", "quakes", "airports", "hourly-delay", "digits"), RealDatasets.kinds());
        assertTrue(RealDatasets.isReal("digits"));
        assertFalse(RealDatasets.isReal("gmm"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RealDatasets.load("mnist"));
        assertTrue(e.getMessage().contains("unknown real data set 'mnist'"), e.getMessage());
        for (String kind : RealDatasets.kinds()) assertFalse(Datasets.kinds().contains(kind), kind + " clashes with a synthetic kind");
    }
}
