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
            new Expected("digits", 1797, 64, new double[]{0, 0, 5, 13, 9, 1, 0, 0}, 561718.0),
            new Expected("diabetes", 442, 11, new double[]{59, 2, 32.1, 101.0, 157, 93.2, 38.0, 4.0, 4.8598, 87, 151}, 343647.2335999996),
            new Expected("cars", 392, 7, new double[]{18, 8, 307, 130, 3504, 12, 1970}, 2076414.5),
            new Expected("wine", 178, 13, new double[]{14.23, 1.71, 2.43, 15.6, 127, 2.8, 3.06, 0.28, 2.29, 5.64, 1.04, 3.92, 1065}, 159975.29599899982),
            new Expected("breast-cancer", 569, 30, new double[]{17.99, 10.38, 122.8, 1001, 0.1184, 0.2776, 0.3001, 0.1471}, 1056474.4596356046),
            new Expected("flights", 10000, 2, new double[]{66, 1750}, 7236181.0),
            new Expected("anes96", 944, 10, new double[]{0, 7, 7, 1, 6, 6, 36, 3, 1, 1}, 371905.0),
            new Expected("randhie", 20190, 10, new double[]{0, 4.61512, 1, 6.907755, 0, 0, 13.73189, 1, 0, 0}, 513918.721612267),
            new Expected("gapminder", 682, 5, new double[]{1955, 0, 7971931, 43.88, 7.42}, 39298046970.369965),
            new Expected("macrodata", 203, 14, new double[]{1959, 1, 2710.349, 1707.4, 286.898, 470.045, 1886.9, 28.98, 139.7, 2.82, 5.8, 177.146, 0, 0}, 4475904.311999999),
            new Expected("zipcodes", 42049, 2, new double[]{40.922326, -72.637078}, -2199526.4531240896),
            new Expected("birdstrikes", 7164, 4, new double[]{0, 0, 0, 300}, 61378840.0),
            new Expected("ionosphere", 351, 34, new double[]{1, 0, 0.99539, -0.05889, 0.85243, 0.02306}, 2956.01597),
            new Expected("segment", 2310, 19, new double[]{38, 189, 9, 0, 0, 1, 0.222222, 6.22222, 33.3185, 29.0741, 26.3333, 35.2222, 25.6667, -8.22222, 18.4444, -10.2222, 35.2222, 0.271208, -2.04915}, 1081148.696023999),
            new Expected("glass", 214, 9, new double[]{1.51793, 12.79, 3.5, 1.12, 73.03, 0.64, 8.77, 0, 0}, 21698.03020000002),
            new Expected("credit", 1000, 7, new double[]{6, 1169, 4, 4, 67, 2, 1}, 3336087.0),
            new Expected("fair", 6366, 9, new double[]{3, 32, 9, 3, 3, 17, 2, 5, 0.1111111}, 434253.4101714995),
            new Expected("sensor-log", 18914, 6, new double[]{1, 1, 1, 45.93, 27.97, 0}, 46368327.08000024),
            new Expected("births", 7305, 5, new double[]{1969, 1, 1, 3, 8486}, 85130235.0));

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
    void carsKeepsItsSourcesMissingValuesAndTheLoaderLeavesThoseRowsOut() {
        DMatrixRMaj shipped = RealDatasets.loadWithMissing("cars");
        assertEquals(406, shipped.numRows);
        int incomplete = 0, missingHorsepower = 0;
        for (int i = 0; i < shipped.numRows; i++) {
            boolean any = false;
            for (int j = 0; j < 7; j++) any |= Double.isNaN(shipped.get(i, j));
            if (any) incomplete++;
            if (Double.isNaN(shipped.get(i, 3))) missingHorsepower++;
        }
        assertEquals(14, incomplete); // 8 without mpg, 6 without horsepower (the source's nulls)
        assertEquals(6, missingHorsepower);
        DMatrixRMaj complete = RealDatasets.load("cars");
        assertEquals(406 - 14, complete.numRows);
        for (double v : complete.data) assertFalse(Double.isNaN(v));
    }

    /**
     * The sets with label columns: the CSV reader's label indices (each column's labels sorted),
     * the same numbers as their numbers-only twins where those keep the same rows, and label
     * counts computed from the vendored files by the extraction script (Python), not by this code.
     */
    @Test
    void labelledSetsKeepTheirLabelsAsSortedIndices() {
        List<String> none = List.of();
        assertEquals(List.of("species", "island", "beak_length_mm", "beak_depth_mm", "flipper_length_mm", "body_mass_g", "sex"), RealDatasets.columnNames("penguins-labels"));
        assertEquals(List.of(List.of("Adelie", "Chinstrap", "Gentoo"), List.of("Biscoe", "Dream", "Torgersen"), none, none, none, none, List.of("FEMALE", "MALE")),
                RealDatasets.labels("penguins-labels"));
        assertEquals(List.of(none, none, none, none, List.of("drizzle", "fog", "rain", "snow", "sun")), RealDatasets.labels("weather-labels"));
        assertEquals(List.of(none, none, none, none, none, none, none, List.of("Europe", "Japan", "USA")), RealDatasets.labels("cars-labels"));
        assertEquals(List.of(), RealDatasets.labels("penguins"), "a set of numbers only has no labels");
        assertTrue(RealDatasets.schema("cars-labels").isCategorical(7));
        assertFalse(RealDatasets.schema("cars-labels").isCategorical(1), "cylinders stay numbers");

        DMatrixRMaj penguins = RealDatasets.load("penguins-labels");
        assertEquals(333, penguins.numRows, "344 penguins, 11 with a missing value and one of sex '.' dropped");
        assertArrayEquals(new double[]{0, 2, 39.1, 18.7, 181, 3750, 1}, row(penguins, 0), 0.0, "Adelie, Torgersen, …, MALE");
        assertArrayEquals(new double[]{152 - 6, 68, 124 - 5}, counts(penguins, 0, 3), 0.0, "Adelie, Chinstrap, Gentoo");
        assertArrayEquals(new double[]{163, 123, 47}, counts(penguins, 1, 3), 0.0, "Biscoe, Dream, Torgersen");
        assertArrayEquals(new double[]{165, 168}, counts(penguins, 6, 2), 0.0, "FEMALE, MALE");

        DMatrixRMaj weather = RealDatasets.load("weather-labels"), numbers = RealDatasets.load("weather");
        assertEquals(1461, weather.numRows);
        for (int i = 0; i < weather.numRows; i++) assertArrayEquals(row(numbers, i), java.util.Arrays.copyOf(row(weather, i), 4), 0.0, "row " + i);
        assertArrayEquals(new double[]{53, 101, 641, 26, 640}, counts(weather, 4, 5), 0.0);

        DMatrixRMaj cars = RealDatasets.load("cars-labels"), carNumbers = RealDatasets.load("cars");
        assertEquals(392, cars.numRows, "cars' 392 complete rows");
        for (int i = 0; i < cars.numRows; i++) assertArrayEquals(row(carNumbers, i), java.util.Arrays.copyOf(row(cars, i), 7), 0.0, "row " + i);
        assertArrayEquals(new double[]{68, 79, 245}, counts(cars, 7, 3), 0.0, "Europe, Japan, USA");
        assertEquals(cars.numRows, RealDatasets.loadWithMissing("cars-labels").numRows, "no missing value is kept");
        cars.set(0, 7, -1);
        assertEquals(2, RealDatasets.load("cars-labels").get(0, 7), 0.0, "each load is a fresh copy of the rows read once");
    }

    private static double[] row(DMatrixRMaj x, int i) {
        return java.util.Arrays.copyOfRange(x.data, i * x.numCols, (i + 1) * x.numCols);
    }

    /** How many rows hold each index 0..k−1 in the column. */
    private static double[] counts(DMatrixRMaj x, int column, int k) {
        double[] n = new double[k];
        for (int i = 0; i < x.numRows; i++) n[(int) x.get(i, column)]++;
        return n;
    }

    @Test
    void kindsAreListedAndUnknownOnesAreRefused() {
        assertEquals(List.of("iris", "penguins", "weather", "quakes", "airports", "hourly-delay", "digits",
                "diabetes", "cars", "wine", "breast-cancer", "flights", "anes96", "randhie", "gapminder", "macrodata", "zipcodes", "birdstrikes", "ionosphere", "segment", "glass", "credit", "fair",
                "sensor-log", "births", "penguins-labels", "weather-labels", "cars-labels"), RealDatasets.kinds());
        assertTrue(RealDatasets.isReal("digits"));
        assertFalse(RealDatasets.isReal("gmm"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RealDatasets.load("mnist"));
        assertTrue(e.getMessage().contains("unknown real data set 'mnist'"), e.getMessage());
        for (String kind : RealDatasets.kinds()) assertFalse(Datasets.kinds().contains(kind), kind + " clashes with a synthetic kind");
    }
}
