package io.scorestream.stream;

import io.scorestream.learn.FitOptions;
import io.scorestream.model.ModelStructure;
import io.scorestream.testing.NodeConfig;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** {@code scorestream.learning.degree}: a number, or auto (the plan's rows choose), the default leaving the cells' shape to the data, and a bad value named at start-up. */
class LearningDegreeSettingTest {
    @TempDir Path dir;

    private StreamSettings settings(String degree) {
        return NodeConfig.settings(dir, Map.of("scorestream.learning.degree", degree, "scorestream.learning.levels", 12));
    }

    @Test
    void autoLetsTheWarmUpRowsChooseTheDegree() {
        StreamSettings auto = settings("auto");
        assertEquals(FitOptions.AUTO, auto.degree());
        DMatrixRMaj rows = new DMatrixRMaj(600, 2);
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < rows.numRows; i++) {
            double side = rng.nextBoolean() ? 2 : -2;
            rows.set(i, 0, side + 0.4 * rng.nextGaussian());
            rows.set(i, 1, 0.5 * side + 0.4 * rng.nextGaussian());
        }
        FitOptions options = Partitioner.planOptions(auto, 2);
        assertTrue(options.chooseDegree());
        ModelStructure planned = Partitioner.plan(auto, rows, null);
        int degree = planned.level(0).features()[0].basis().degree();
        assertTrue(degree >= 1 && degree <= 3, "chosen degree " + degree);
        for (int j = 0; j < planned.levelCount(); j++) assertEquals(degree, planned.level(j).features()[0].basis().degree(), "level " + j);

        FitOptions fixed = Partitioner.planOptions(settings("3"), 2);
        assertFalse(fixed.chooseDegree());
        assertEquals(3, Partitioner.plan(settings("3"), rows, null).level(0).features()[0].basis().degree());
    }

    @Test
    void theDefaultDegreeLeavesTheCellsShapeToTheDataAsFitDoes() {
        // fit leaves the shape to the data unless --rank or --degree is given (CellShapeJudge);
        // a stream's plan is fit's plan on its warm-up rows with these options.
        assertFalse(Partitioner.planOptions(settings("2"), 20).shapeGiven());
        assertEquals(FitOptions.PLANNING_DEGREE, Partitioner.planOptions(settings("2"), 20).degree());
        assertTrue(Partitioner.planOptions(settings("3"), 20).shapeGiven());
        assertTrue(Partitioner.planOptions(settings("auto"), 20).shapeGiven());
    }

    @Test
    void aBadDegreeIsNamedAtStartUp() {
        for (String bad : new String[]{"cubic", "7", "0"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> settings(bad), bad);
            assertTrue(e.getMessage().startsWith("scorestream.learning.degree must be auto or 1..6"), e.getMessage());
        }
    }
}
