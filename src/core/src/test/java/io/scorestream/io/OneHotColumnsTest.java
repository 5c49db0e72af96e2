package io.scorestream.io;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class OneHotColumnsTest {
    /** x, a flag, colour one-hot (blue, red, green: written in that order), size one-hot (s, m, l), y. */
    private static final List<String> NAMES = List.of("x", "flag", "colour_blue", "colour_red", "colour_green", "size=s", "size=m", "size=l", "y");
    private static final double[][] ROWS = {
            {0.5, 1, 0, 1, 0, 1, 0, 0, 3},
            {1.5, 0, 1, 0, 0, 0, 0, 1, 4},
            {2.5, 1, 0, 0, 1, 0, 1, 0, 5},
            {3.5, 0, 0, 1, 0, 0, 0, 1, 6}};

    private static RecordSchema named() { return RecordSchema.named(RecordSchema.Format.CSV, NAMES); }

    @Test
    void adjacentGroupsAreFoundAndAFlagIsNot() {
        List<OneHotColumns.Group> groups = OneHotColumns.find(new DMatrixRMaj(ROWS), named());
        assertEquals(List.of(new OneHotColumns.Group(2, 3), new OneHotColumns.Group(5, 3)), groups);
    }

    @Test
    void aRowWithTwoOnesOrNoneMakesNoGroup() {
        double[][] rows = {{1, 0, 0}, {0, 1, 0}, {0, 1, 1}};
        assertEquals(List.of(new OneHotColumns.Group(0, 2)), OneHotColumns.find(new DMatrixRMaj(rows), RecordSchema.UNNAMED_CSV),
                "columns 1-2 sum to one; adding column 3 gives a row two ones");
        double[][] none = {{1, 0}, {0, 0}};
        assertEquals(List.of(), OneHotColumns.find(new DMatrixRMaj(none), RecordSchema.UNNAMED_CSV));
    }

    @Test
    void aColumnOfZerosAmongTheIndicatorsIsAValueNotSeen() {
        double[][] rows = {{1, 0, 0, 7}, {0, 0, 1, 8}};
        List<OneHotColumns.Group> groups = OneHotColumns.find(new DMatrixRMaj(rows), RecordSchema.UNNAMED_CSV);
        assertEquals(List.of(new OneHotColumns.Group(0, 3)), groups);
    }

    @Test
    void collapsedRowsHoldLabelIndicesAndComeBackAsWritten() throws IOException {
        DMatrixRMaj rows = new DMatrixRMaj(ROWS);
        OneHotColumns.Collapsed c = OneHotColumns.collapse(rows, named(), OneHotColumns.find(rows, named()));
        RecordSchema columns = c.columns();
        assertEquals(List.of("x", "flag", "colour", "size", "y"), columns.names());
        assertEquals(List.of("colour_blue", "colour_green", "colour_red"), columns.labelsOf(2));
        assertEquals(List.of("size=l", "size=m", "size=s"), columns.labelsOf(3));
        assertTrue(columns.isOneHot(2) && columns.isOneHot(3) && !columns.isOneHot(1));
        assertFalse(columns.isTime(2) || columns.hasNumberForm(2), "a one-hot form is no date and no number form");
        // row 1: colour_red (label 2), size=s (label 2); row 2: colour_blue (0), size=l (0)
        assertArrayEquals(new double[]{0.5, 1, 2, 2, 3}, row(c.rows(), 0));
        assertArrayEquals(new double[]{1.5, 0, 0, 0, 4}, row(c.rows(), 1));
        assertArrayEquals(new double[]{2.5, 1, 1, 1, 5}, row(c.rows(), 2));

        // The model file keeps the schema: written and read back, the same columns.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        columns.write(new DataOutputStream(bytes));
        RecordSchema read = RecordSchema.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(columns, read);

        assertEquals(NAMES, OneHotColumns.expanded(read).names());
        assertEquals(9, OneHotColumns.width(read));
        DMatrixRMaj back = OneHotColumns.expand(c.rows(), read);
        for (int i = 0; i < ROWS.length; i++) assertArrayEquals(ROWS[i], row(back, i));
        DMatrixRMaj again = OneHotColumns.collapseBy(new DMatrixRMaj(ROWS), read, IllegalStateException::new);
        for (int i = 0; i < ROWS.length; i++) assertArrayEquals(row(c.rows(), i), row(again, i));
    }

    @Test
    void aGeneratedIndexBetweenLabelsTakesTheNearest() {
        DMatrixRMaj rows = new DMatrixRMaj(ROWS);
        RecordSchema columns = OneHotColumns.collapse(rows, named(), OneHotColumns.find(rows, named())).columns();
        DMatrixRMaj generated = new DMatrixRMaj(new double[][]{{0.7, 1, 1.4, 7.2, 3.3}});
        // colour 1.4 -> label 1 (colour_green, written third); size 7.2 -> the last label, size=s (written first)
        assertArrayEquals(new double[]{0.7, 1, 0, 0, 1, 1, 0, 0, 3.3}, row(OneHotColumns.expand(generated, columns), 0));
    }

    @Test
    void aReferenceRowWithoutOneCategoryIsNamed() {
        DMatrixRMaj rows = new DMatrixRMaj(ROWS);
        RecordSchema columns = OneHotColumns.collapse(rows, named(), OneHotColumns.find(rows, named())).columns();
        double[][] bad = {ROWS[0].clone()};
        bad[0][3] = 0;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> OneHotColumns.collapseBy(new DMatrixRMaj(bad), columns, IllegalStateException::new));
        assertEquals("row 1: columns colour_blue … colour_green are one category written one-hot in the model, and this row holds 0 ones there", e.getMessage());
    }

    @Test
    void aHeaderlessFileIsCollapsedByPosition() {
        double[][] rows = {{5, 0, 1}, {6, 1, 0}};
        DMatrixRMaj m = new DMatrixRMaj(rows);
        OneHotColumns.Collapsed c = OneHotColumns.collapse(m, RecordSchema.UNNAMED_CSV, OneHotColumns.find(m, RecordSchema.UNNAMED_CSV));
        assertFalse(c.columns().named());
        assertEquals(List.of("x2", "x3"), c.columns().labelsOf(1));
        DMatrixRMaj back = OneHotColumns.expand(c.rows(), c.columns());
        for (int i = 0; i < rows.length; i++) assertArrayEquals(rows[i], row(back, i));
        assertFalse(OneHotColumns.expanded(c.columns()).named());
    }

    @Test
    void aGroupNameTakenByAnotherColumnNamesItsEnds() {
        assertEquals("soil", OneHotColumns.groupName(List.of("soil1", "soil2"), List.of("soil1", "soil2")));
        assertEquals("a_x..a_y", OneHotColumns.groupName(List.of("a_x", "a_y"), List.of("a", "a_x", "a_y")));
        assertEquals("red..blue", OneHotColumns.groupName(List.of("red", "blue"), List.of("red", "blue")));
    }

    @Test
    void columnsOfFalseAndTrueAreIndicatorsWrittenBackAsLabels() throws IOException {
        List<String> bool = List.of("False", "True");
        RecordSchema columns = RecordSchema.named(RecordSchema.Format.CSV, List.of("x", "c_a", "c_b", "c_c", "flag"))
                .withLabels(List.of(List.of(), bool, bool, bool, List.of("no", "yes")));
        // label indices: 1 is True
        DMatrixRMaj rows = new DMatrixRMaj(new double[][]{{0.5, 1, 0, 0, 1}, {1.5, 0, 0, 1, 0}, {2.5, 0, 1, 0, 1}});
        List<OneHotColumns.Group> groups = OneHotColumns.find(rows, columns);
        assertEquals(List.of(new OneHotColumns.Group(1, 3)), groups, "c_a..c_c; flag is spelt otherwise and alone");
        OneHotColumns.Collapsed c = OneHotColumns.collapse(rows, columns, groups);
        assertEquals("one-hot:0,1,2;False,True", c.columns().textForms().get(1));
        RecordSchema written = OneHotColumns.expanded(c.columns());
        assertEquals(columns, written, "the members are False/True label columns again");
        DMatrixRMaj back = OneHotColumns.expand(c.rows(), c.columns());
        for (int i = 0; i < rows.numRows; i++) assertArrayEquals(row(rows, i), row(back, i));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        c.columns().write(new DataOutputStream(bytes));
        assertEquals(c.columns(), RecordSchema.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
        // Spelt "no" and "Yes", sorted Yes before no: its index 1 is no, so it is not read as a yes.
        assertFalse(OneHotColumns.isYesNo(List.of("Yes", "no")));
        assertTrue(OneHotColumns.isYesNo(List.of("N", "Y")) && OneHotColumns.isYesNo(List.of("FALSE", "TRUE")));
    }

    @Test
    void aProtobufMessageKeepsItsFields() {
        RecordSchema protobuf = new RecordSchema(RecordSchema.Format.PROTOBUF, List.of("a", "b"), "Reading");
        assertEquals(List.of(), OneHotColumns.find(new DMatrixRMaj(new double[][]{{1, 0}, {0, 1}}), protobuf));
    }

    private static double[] row(DMatrixRMaj m, int i) {
        double[] r = new double[m.numCols];
        for (int j = 0; j < r.length; j++) r[j] = m.get(i, j);
        return r;
    }
}
