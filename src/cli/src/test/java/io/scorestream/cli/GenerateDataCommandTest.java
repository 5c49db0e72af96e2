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

    /** factors40: five factors through 40 columns of unequal noise, its five-component truth in all 40 coordinates. */
    @Test
    void factors40WritesFortyColumnsAndItsTruth() throws IOException {
        Path out = dir.resolve("f40.csv"), truth = dir.resolve("f40.json");
        CliRun run = CliRun.of("generate-data", "--kind", "factors40", "--n", "80", "--out", out.toString(), "--truth", truth.toString(), "--seed", "4");
        assertEquals(0, run.exitCode(), run.err());
        DMatrixRMaj data = CsvVectors.read(out);
        assertEquals(80, data.numRows);
        assertEquals(40, data.numCols);
        assertArrayEquals(Datasets.generate("factors40", 80, 4).samples().data, data.data, 0.0);
        GaussianMixture back = new ObjectMapper().readValue(truth.toFile(), GaussianMixture.class);
        assertEquals(5, back.size());
        double[] x = Datasets.generate("factors40", 1, 5).samples().data;
        assertEquals(Datasets.generate("factors40", 1, 0).truth().logDensity(x), back.logDensity(x), 1e-9);
    }

    /** The high-dimensional kinds: 16 components in a 24-dimensional subspace, their truth in all d coordinates. */
    @Test
    void embeddedKindsWriteTheirDimensionAndTruth() throws IOException {
        Path out = dir.resolve("e64.csv"), truth = dir.resolve("e64.json");
        CliRun run = CliRun.of("generate-data", "--kind", "embed64", "--n", "50", "--out", out.toString(), "--truth", truth.toString());
        assertEquals(0, run.exitCode(), run.err());
        DMatrixRMaj data = CsvVectors.read(out);
        assertEquals(50, data.numRows);
        assertEquals(64, data.numCols);
        assertArrayEquals(Datasets.generate("embed64", 50, 0).samples().data, data.data, 0.0);
        GaussianMixture back = new ObjectMapper().readValue(truth.toFile(), GaussianMixture.class);
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
