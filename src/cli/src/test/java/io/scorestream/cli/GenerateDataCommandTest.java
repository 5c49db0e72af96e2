package io.scorestream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.scorestream.data.Datasets;
import io.scorestream.io.CsvVectors;
import io.scorestream.mixture.GaussianMixture;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class GenerateDataCommandTest {
    @TempDir Path dir;

    private long filesIn(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.count();
        }
    }

    @Test
    void writesRequestedRowsAndARoundTrippingTruth() throws IOException {
        Path out = dir.resolve("data.csv"), truth = dir.resolve("truth.json");
        CliRun run = CliRun.of("generate-data", "--kind", "gmm", "--n", "1234", "--out", out.toString(),
                "--truth", truth.toString(), "--seed", "9");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.out());
        DMatrixRMaj data = CsvVectors.read(out);
        assertEquals(1234, data.numRows);
        assertEquals(2, data.numCols);
        // Same seed, same samples, written exactly.
        assertArrayEquals(Datasets.generate("gmm", 1234, 9).samples().data, data.data, 0.0);
        GaussianMixture expected = Datasets.generate("gmm", 1, 9).truth();
        GaussianMixture back = new ObjectMapper().readValue(truth.toFile(), GaussianMixture.class);
        assertArrayEquals(expected.weights(), back.weights(), 0.0);
        assertArrayEquals(expected.mean(3), back.mean(3), 0.0);
        double[] x = {0.5, -1};
        assertEquals(expected.logDensity(x), back.logDensity(x), 0.0);
        assertEquals(2, filesIn(dir));
    }

    /**
     * Runs generate-data for kind (n rows, with extra options such as a seed), checks that the file
     * holds Datasets.generate's rows at that seed, columns wide, and returns the truth read back.
     */
    private GaussianMixture generatedWithTruth(String kind, int n, int columns, long seed, String... options) throws IOException {
        Path out = dir.resolve(kind + ".csv"), truth = dir.resolve(kind + ".json");
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("generate-data", "--kind", kind, "--n", Integer.toString(n),
                "--out", out.toString(), "--truth", truth.toString()));
        args.addAll(java.util.List.of(options));
        CliRun run = CliRun.of(args.toArray(new String[0]));
        assertEquals(0, run.exitCode(), run.err());
        DMatrixRMaj data = CsvVectors.read(out);
        assertEquals(n, data.numRows);
        assertEquals(columns, data.numCols);
        assertArrayEquals(Datasets.generate(kind, n, seed).samples().data, data.data, 0.0);
        return new ObjectMapper().readValue(truth.toFile(), GaussianMixture.class);
    }

    /** factors40: five factors through 40 columns of unequal noise, its five-component truth in all 40 coordinates. */
    @Test
    void factors40WritesFortyColumnsAndItsTruth() throws IOException {
        assertMixtureKindAndTruth("factors40", 80, 40, 4, 5);
    }

    /** factors100: ten factors in four clusters through 100 columns of equal noise, its truth in all 100 coordinates. */
    @Test
    void factors100WritesAHundredColumnsAndItsTruth() throws IOException {
        assertMixtureKindAndTruth("factors100", 60, 100, 2, 4);
    }

    /** many200: 200 components in 2-D, its truth of 200 components. */
    @Test
    void many200WritesTwoColumnsAndItsTwoHundredComponentTruth() throws IOException {
        assertMixtureKindAndTruth("many200", 50, 2, 3, 200);
    }

    /** generate-data of a mixture kind at seed writes its rows and a truth of components components equal to the kind's own. */
    private void assertMixtureKindAndTruth(String kind, int n, int columns, long seed, int components) throws IOException {
        GaussianMixture back = generatedWithTruth(kind, n, columns, seed, "--seed", Long.toString(seed));
        assertEquals(components, back.size());
        double[] x = Datasets.generate(kind, 1, 5).samples().data;
        assertEquals(Datasets.generate(kind, 1, 0).truth().logDensity(x), back.logDensity(x), 1e-9);
    }

    /** The high-dimensional kinds: 16 components in a 24-dimensional subspace, their truth in all d coordinates. */
    @Test
    void embeddedKindsWriteTheirDimensionAndTruth() throws IOException {
        GaussianMixture back = generatedWithTruth("embed64", 50, 64, 0);   // the default seed, 0
        assertEquals(16, back.size());
        assertEquals(64, back.mean(0).length);
    }

    /** embed512 and embed1024 (the cost table's d): the same mixture at another d, as bench-cost draws it. */
    @Test
    void embeddedKindsAtFiveHundredTwelveAndOneThousandTwentyFour() throws IOException {
        for (int d : new int[]{512, 1024}) {
            Path out = dir.resolve("e" + d + ".csv");
            CliRun run = CliRun.of("generate-data", "--kind", "embed" + d, "--n", "4", "--seed", "9", "--out", out.toString());
            assertEquals(0, run.exitCode(), run.err());
            DMatrixRMaj data = CsvVectors.read(out);
            assertEquals(4, data.numRows);
            assertEquals(d, data.numCols);
            assertArrayEquals(Datasets.embedded(d, 4, 9).data, data.data, 0.0);
        }
    }

    @Test
    void kindsWithoutTruthWork() {
        for (String kind : new String[]{"ring", "student", "mixedtypes"}) {
            Path out = dir.resolve(kind + ".csv");
            CliRun run = CliRun.of("generate-data", "--kind", kind, "--n", "10", "--out", out.toString());
            assertEquals(0, run.exitCode(), run.err());
            assertEquals(10, CsvVectors.read(out).numRows, kind);
        }
    }

    @Test
    void truthForAManifoldKindIsAnErrorAndWritesNothing() throws IOException {
        Path out = dir.resolve("ring.csv"), truth = dir.resolve("truth.json");
        String line = CliRun.of("generate-data", "--kind", "ring", "--n", "10", "--out", out.toString(),
                "--truth", truth.toString()).singleErrorLine();
        assertTrue(line.startsWith("scorestream generate-data: "), line);
        assertTrue(line.contains("--truth") && line.contains("ring"), line);
        assertEquals(0, filesIn(dir));
    }

    @Test
    void zeroAndNegativeNAreUsageErrors() throws IOException {
        Path out = dir.resolve("d.csv");
        for (String n : new String[]{"0", "-5"}) {
            String line = CliRun.of("generate-data", "--kind", "gmm", "--n", n, "--out", out.toString()).singleErrorLine();
            assertEquals("scorestream generate-data: --n must be a positive number of samples, got " + n, line);
        }
        String line = CliRun.of("generate-data", "--kind", "gmm", "--n", "many", "--out", out.toString()).singleErrorLine();
        assertTrue(line.contains("'many'"), line);
        assertEquals(0, filesIn(dir));
    }

    @Test
    void unknownKindListsTheKnownOnes() throws IOException {
        String line = CliRun.of("generate-data", "--kind", "blob", "--n", "5", "--out", dir.resolve("d.csv").toString())
                .singleErrorLine();
        assertTrue(line.startsWith("scorestream generate-data: unknown kind 'blob'"), line);
        assertTrue(line.contains("gmm") && line.contains("spiral"), line);
        assertEquals(0, filesIn(dir));
    }

    @Test
    void unknownOptionAndMissingRequiredOption() throws IOException {
        String unknown = CliRun.of("generate-data", "--kind", "gmm", "--n", "5", "--out", dir.resolve("d.csv").toString(),
                "--frobnicate").singleErrorLine();
        assertTrue(unknown.startsWith("scorestream generate-data: ") && unknown.contains("--frobnicate"), unknown);
        String missing = CliRun.of("generate-data", "--kind", "gmm", "--n", "5").singleErrorLine();
        assertTrue(missing.contains("--out"), missing);
        assertEquals(0, filesIn(dir));
    }

    @Test
    void unwritableOutputDirectoryIsBadInputNamingTheFile() {
        Path out = dir.resolve("no-such-dir").resolve("d.csv");
        String line = CliRun.of("generate-data", "--kind", "gmm", "--n", "5", "--out", out.toString()).singleErrorLine();
        assertEquals("scorestream generate-data: " + out + ": cannot write: directory does not exist", line);
        assertFalse(Files.exists(out));
    }

    @Test
    void truthWriteFailureRemovesTheDataFile() throws IOException {
        Path out = dir.resolve("d.csv"), truth = dir.resolve("missing").resolve("t.json");
        String line = CliRun.of("generate-data", "--kind", "gmm", "--n", "5", "--out", out.toString(),
                "--truth", truth.toString()).singleErrorLine();
        assertTrue(line.contains(truth.toString()), line);
        assertEquals(0, filesIn(dir));
    }

    @Test
    void nTooLargeForOneMatrixIsAUsageError() throws IOException {
        String line = CliRun.of("generate-data", "--kind", "gmm64", "--n", "2000000000", "--out", dir.resolve("d.csv").toString())
                .singleErrorLine();
        assertTrue(line.contains("too large"), line);
        assertEquals(0, filesIn(dir));
    }
}
