package io.scorestream.io;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Label columns on numeric coordinates: one 0/1 column per label past two, for eval and the quality suite alike. */
class LabelAlignmentTest {
    private static final List<String> NONE = List.of();

    @Test
    void aColumnOfMoreThanTwoLabelsBecomesOneZeroOneColumnPerLabel() {
        // Columns: a number, 4 labels, 2 labels. Raw values between or past the indices (a baseline's sample) read as the nearest label.
        DMatrixRMaj codes = new DMatrixRMaj(new double[][]{{1.5, 0, 1}, {-2, 3, 0}, {7, 1.4, 0.8}, {0, 9, -3}, {0, -0.7, 0}});
        DMatrixRMaj x = LabelAlignment.oneHot(codes, List.of(NONE, List.of("a", "b", "c", "d"), List.of("no", "yes")));
        assertEquals(1 + 4 + 1, x.numCols);
        assertArrayEquals(new double[]{
                1.5, 1, 0, 0, 0, 1,
                -2, 0, 0, 0, 1, 0,
                7, 0, 1, 0, 0, 1,
                0, 0, 0, 0, 1, 0,
                0, 1, 0, 0, 0, 0}, x.data, 0.0);
    }

    @Test
    void rowsWithoutLabelsAreReturnedAsTheyAre() {
        DMatrixRMaj rows = new DMatrixRMaj(new double[][]{{0.3, 2}});
        assertSame(rows, LabelAlignment.oneHot(rows, List.of()));
        assertSame(rows, LabelAlignment.oneHot(rows, List.of(NONE, NONE)));
        assertThrows(IllegalArgumentException.class, () -> LabelAlignment.oneHot(rows, List.of(NONE, NONE, List.of("a", "b", "c"))));
    }

    /** Two files that number their labels differently are put on the union first: the same label is the same 0/1 column. */
    @Test
    void alignedFilesShareTheUnionsColumns() {
        CsvVectors.Table generated = new CsvVectors.Table(new DMatrixRMaj(new double[][]{{0}, {1}}), List.of("k"), null, List.of(List.of("b", "d")));
        CsvVectors.Table reference = new CsvVectors.Table(new DMatrixRMaj(new double[][]{{0}, {2}}), List.of("k"), null, List.of(List.of("a", "b", "c")));
        LabelAlignment.Aligned aligned = LabelAlignment.align(generated, reference);
        assertArrayEquals(new double[]{0, 1, 0, 0, 0, 0, 0, 1}, aligned.first().data, 0.0, "b, d of a, b, c, d");
        assertArrayEquals(new double[]{1, 0, 0, 0, 0, 0, 1, 0}, aligned.second().data, 0.0, "a, c");
        assertEquals(1, aligned.labelledColumns());
    }
}
