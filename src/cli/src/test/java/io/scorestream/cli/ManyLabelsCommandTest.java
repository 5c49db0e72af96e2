package io.scorestream.cli;

import io.scorestream.columns.LabelConditionals;
import io.scorestream.model.ModelFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Two columns of 100 labels through the command line, the second fixed by the first (a route's
 * next stop): the labels' names are random, so their sorted order, the diffusion's axis for them,
 * says nothing of which follows which. {@code fit} must give the second column its law from the
 * counts given the first and say so, and every row {@code sample} writes must be a pair of the data.
 */
class ManyLabelsCommandTest {
    private static final int L = 100;
    @TempDir Path dir;

    @Test
    void aLabelFixedByAnotherOfManyLabelsIsGeneratedWithIt() throws IOException {
        Random rng = new Random(9);
        List<String> names = new ArrayList<>();
        while (names.size() < L) {
            String name = "S" + (10_000 + rng.nextInt(90_000));
            if (!names.contains(name)) names.add(name);
        }
        Map<String, String> next = new HashMap<>();
        for (int c = 0; c < L; c++) next.put(names.get(c), names.get((c + 1) % L));
        StringBuilder text = new StringBuilder("stop,next,minutes\n");
        for (int i = 0; i < 3000; i++) {
            int c = rng.nextInt(L);
            text.append(names.get(c)).append(',').append(next.get(names.get(c))).append(',')
                    .append(String.format(java.util.Locale.ROOT, "%.1f", 20 + 5 * rng.nextGaussian())).append('\n');
        }
        Path data = dir.resolve("stops.csv"), model = dir.resolve("s.model"), gen = dir.resolve("gen.csv");
        Files.writeString(data, text);
        CliRun fit = CliRun.of("fit", "--input", data.toString(), "--model", model.toString(), "--seed", "3");
        assertEquals(0, fit.exitCode(), fit.err());
        assertEquals(LabelConditionals.COUNTS, ModelFiles.load(model).columns().labels().degree(1));
        // Over the rows the cells learn: all 3 000, or those off the repeated row values where these
        // are generated as copies (18 % of the rows repeat: a stop, its next and a minute value).
        assertTrue(java.util.regex.Pattern.compile("labels of column 2, 100 labels, by their counts: held-out log-loss per row over 5 folds of \\d+ rows shares:4\\.6")
                .matcher(fit.err()).find(), fit.err());
        assertTrue(fit.err().contains("-> the shares given column 1 (α 0.01), backing off to the shares"), fit.err());
        CliRun sample = CliRun.of("sample", "--model", model.toString(), "--n", "3000", "--out", gen.toString(), "--seed", "4");
        assertEquals(0, sample.exitCode(), sample.err());
        List<String> lines = Files.readAllLines(gen);
        assertEquals(3001, lines.size());
        int followed = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            assertTrue(next.containsKey(f[0]) && next.containsKey(f[1]), line);
            if (next.get(f[0]).equals(f[1])) followed++;
        }
        // About 30 rows per stop at α = 0.01: a next stop not the data's has probability 0.0003 a row.
        assertTrue(followed >= 2990, followed + " of 3000 generated rows have the data's next stop");
        // A seeded sample repeats its labels.
        Path again = dir.resolve("again.csv");
        assertEquals(0, CliRun.of("sample", "--model", model.toString(), "--n", "3000", "--out", again.toString(), "--seed", "4").exitCode());
        assertEquals(lines, Files.readAllLines(again));
    }
}
