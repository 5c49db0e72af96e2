package io.scorestream.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A file whose values are written in a fixed number of significant digits across magnitudes
 * (a %.4e column, a %g column, as astropy, numpy and C programs write them): fit learns the
 * digits, the model file keeps them, and every value sample writes has no more of them.
 */
class SignificantDigitsCommandTest {
    @Test
    void generatedValuesHaveTheSignificantDigitsOfTheFile(@TempDir Path dir) throws IOException {
        Path data = dir.resolve("readings.csv"), model = dir.resolve("m.bin"), out = dir.resolve("gen.csv");
        StringBuilder text = new StringBuilder("flux,offset\n");
        SplittableRandom rng = new SplittableRandom(11);
        for (int i = 0; i < 600; i++)
            text.append(String.format(Locale.ROOT, "%.4e,%.6g%n", Math.exp(3 * rng.nextGaussian()), 1e-3 * rng.nextGaussian()));
        Files.writeString(data, text);
        CliRun fit = CliRun.fit(data, model, 8);
        assertEquals(0, fit.exitCode(), fit.err());
        assertTrue(fit.err().contains("column 1: ") && fit.err().contains("5 significant digits"), fit.err());
        assertTrue(fit.err().contains("6 significant digits"), fit.err());
        CliRun sample = CliRun.of("sample", "--model", model.toString(), "--n", "500", "--out", out.toString(), "--seed", "3");
        assertEquals(0, sample.exitCode(), sample.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals("flux,offset", lines.get(0));
        assertEquals(501, lines.size());
        int longest = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            assertTrue(digits(f[0]) <= 5, line);
            assertTrue(digits(f[1]) <= 6, line);
            longest = Math.max(longest, digits(f[0]));
        }
        assertEquals(5, longest, "most generated values use all five digits, as the file's do");
    }

    private static int digits(String number) { return new BigDecimal(number).stripTrailingZeros().precision(); }
}
