package io.scorestream.cli;

import io.scorestream.io.CsvVectors;
import io.scorestream.learn.RepeatedRowsFitTest;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code fit --repeated-rows} through the CLI on rows of which 40 % sit on four exact values:
 * {@code copy} (the default) generates them at their share, {@code model} learns them like the rest.
 */
class RepeatedRowsCommandTest {
    @TempDir static Path dir;
    static Path data;

    @BeforeAll
    static void writeRows() {
        data = dir.resolve("repeating.csv");
        CsvVectors.write(data, RepeatedRowsFitTest.rows(4000, 1));
    }

    /** fit with options (12 levels, to stay quick), sample 20 000 rows; the share of them on the four values. */
    static double shareOnValues(String name, String expectedLine, String... options) {
        Path model = dir.resolve(name + ".model"), out = dir.resolve(name + ".csv");
        CliRun fit = CliRun.fit(data, model, 12, options);
        assertEquals(0, fit.exitCode(), fit.err());
        assertEquals(expectedLine != null, fit.err().contains("row values repeat"), fit.err());
        if (expectedLine != null) assertTrue(fit.err().contains(expectedLine), fit.err());
        CliRun sample = CliRun.of("sample", "--model", model.toString(), "--n", "20000", "--out", out.toString(), "--seed", "4");
        assertEquals(0, sample.exitCode(), sample.err());
        DMatrixRMaj generated = CsvVectors.read(out);
        int on = 0;
        for (int c : RepeatedRowsFitTest.onValues(generated)) on += c;
        return on / (double) generated.numRows;
    }

    @Test
    void copyIsTheDefaultAndGeneratesTheValuesAtTheirShare() {
        int[] trained = RepeatedRowsFitTest.onValues(CsvVectors.read(data));
        double share = (trained[0] + trained[1] + trained[2] + trained[3]) / 4000.0;
        String line = String.format("4 row values repeat, holding %.1f %% of the rows", 100 * share);
        double sd = Math.sqrt(share * (1 - share) / 20000);
        assertEquals(share, shareOnValues("default", line), 4 * sd);
        assertEquals(share, shareOnValues("copy", line, "--repeated-rows", "Copy"), 4 * sd);
    }

    @Test
    void modelLearnsThemLikeTheRestAndCopiesNoRow() {
        // Measured: 0.31 of the samples on the values, against their true 0.40 (RepeatedRowsFitTest).
        assertTrue(shareOnValues("model", null, "--repeated-rows", "model") < 0.37);
    }

    @Test
    void anUnknownValueIsOneLineAndExitTwo() {
        Path m = dir.resolve("bad.model");
        String line = CliRun.of("fit", "--input", data.toString(), "--model", m.toString(), "--repeated-rows", "sometimes").singleErrorLine();
        assertTrue(line.contains("repeated rows must be copy or model, got 'sometimes'"), line);
        assertFalse(Files.exists(m));
    }
}
