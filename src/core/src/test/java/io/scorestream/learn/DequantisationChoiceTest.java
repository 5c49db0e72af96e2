package io.scorestream.learn;

import io.scorestream.data.Datasets;
import io.scorestream.model.ModelStructure;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The spread of few-valued columns' dequantisation (StructurePlanner before the transform check):
 * half the gap, a quarter where the held-out likelihood of the rounded rows prefers it. A flag and
 * a small count that depend on a hidden state are kept apart; a smooth column rounded to a grid
 * keeps the default half, where a quarter would only make spikes the model must learn; columns
 * that are not few-valued keep the whole gap.
 */
class DequantisationChoiceTest {
    @Test
    void aFlagAndACountThatDependOnAStateGetANarrowerSpread() {
        DMatrixRMaj rows = Datasets.generate("mixedtypes", 4000, 3).samples();
        List<String> progress = new ArrayList<>();
        ModelStructure planned = StructurePlanner.plan(rows, FitOptions.defaults().withSeed(1).resolve(5, rows.numRows), progress::add);
        String line = progress.stream().filter(s -> s.startsWith("dequantisation")).findFirst().orElseThrow(() -> new AssertionError("no choice in " + progress));
        assertTrue(line.startsWith("dequantisation of 2 few-valued columns"), line);
        for (int j = 0; j < 3; j++) assertEquals(1.0, planned.columns().transform(j).spread(), "measurement " + j + " is not on a lattice");
        for (int j = 3; j < 5; j++) assertTrue(planned.columns().transform(j).spread() < 1, line);
        assertEquals(planned.columns().transform(3).spread(), planned.columns().transform(4).spread());
    }

    /** Two modes rounded to 0.1: about 80 values, most of the rows on values that hold 1 % each (few-valued), one smooth density. */
    @Test
    void aSmoothColumnRoundedToAFineGridKeepsTheDefaultHalf() {
        SplittableRandom rng = new SplittableRandom(8);
        int n = 4000;
        DMatrixRMaj rows = new DMatrixRMaj(n, 2);
        for (int i = 0; i < n; i++) {
            double mode = rng.nextDouble() < 0.5 ? -2 : 2;
            rows.set(i, 0, Math.rint(10 * (mode + rng.nextGaussian())) / 10);
            rows.set(i, 1, 0.5 * mode + 0.6 * rng.nextGaussian());
        }
        List<String> progress = new ArrayList<>();
        ModelStructure planned = StructurePlanner.plan(rows, FitOptions.defaults().withSeed(1).resolve(2, n), progress::add);
        String line = progress.stream().filter(s -> s.startsWith("dequantisation")).findFirst().orElseThrow(() -> new AssertionError("no choice in " + progress));
        assertTrue(line.startsWith("dequantisation of 1 few-valued columns") && line.endsWith("-> spread 0.5"), line);
        assertEquals(0.5, planned.columns().transform(0).spread());
        assertEquals(1.0, planned.columns().transform(1).spread(), "the measurement is not on a lattice");
    }
}
