package io.scorestream.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** ARFF's own syntax as Weka writes it, read through {@link CsvVectors#readTable}: quotes, escapes, comments, sparse rows with weights. */
class ArffFilesTest {
    @TempDir Path dir;

    private CsvVectors.Table read(String text) throws IOException {
        return CsvVectors.readTable(Files.writeString(dir.resolve("t.arff"), text), List.of(), -1, null);
    }

    /** A label of each row, as text. */
    private static String[] labels(CsvVectors.Table table, int column) {
        String[] out = new String[table.rows().numRows];
        for (int r = 0; r < out.length; r++) out[r] = table.labels().get(column).get((int) table.rows().get(r, column));
        return out;
    }

    /** A date declared as its year alone (scipy's test data: DATE yyyy) is a column of whole numbers; one declared yyyy-MM a column of months (both were left out as text). */
    @Test
    void datesDeclaredAsYearsOrMonthsAreRead() throws IOException {
        CsvVectors.Table table = read("@relation r\n@attribute y DATE yyyy\n@attribute m DATE \"yyyy-MM\"\n@attribute v numeric\n@data\n"
                + "2004,2004-01,1.5\n2005,2004-02,2.5\n2006,2004-03,1.7\n");
        assertEquals(List.of("y", "m", "v"), table.names());
        assertArrayEquals(new double[]{2004, 2005, 2006}, new double[]{table.rows().get(0, 0), table.rows().get(1, 0), table.rows().get(2, 0)}, 0);
        assertEquals((2004 - 1970) * 12 + 1, table.rows().get(1, 1), 0, "February 2004, in months since 1970-01");
        // A word among the years is named on its line, as in a numeric attribute (fit then leaves the column out and keeps every row).
        InputException word = assertThrows(InputException.class,
                () -> read("@relation r\n@attribute y DATE yyyy\n@attribute v numeric\n@data\n2004,1.5\nabc,2.5\n2006,1.7\n"));
        assertTrue(word.getMessage().endsWith("t.arff:6: field 1 (y) is not a number: 'abc'"), word.getMessage());
    }

    @Test
    void quotedValuesKeepTheirCommasQuotesAndSpaces() throws IOException {
        CsvVectors.Table table = read("@relation r\n@attribute \"x y\" real\n@attribute who {'O\\'Brien', \"a, b\", plain}\n@data\n"
                + "1.5 , 'O\\'Brien' % a comment after the row\n2.5,\"a, b\"\n3.5,plain\n");
        assertEquals(List.of("x y", "who"), table.names());
        assertArrayEquals(new double[]{1.5, 2.5, 3.5}, new double[]{table.rows().get(0, 0), table.rows().get(1, 0), table.rows().get(2, 0)});
        assertArrayEquals(new String[]{"O'Brien", "a, b", "plain"}, labels(table, 1));
    }

    @Test
    void sparseRowsFillZerosAndFirstNominalValuesAndDropTheirWeight() throws IOException {
        CsvVectors.Table table = read("@relation r\n@attribute a numeric\n@attribute b numeric\n@attribute c {no,yes}\n@data\n"
                + "{1 2.5}\n{0 1, 2 yes}, {3}\n{}\n1,0,yes,{0.5}\n");
        double[][] want = {{0, 2.5}, {1, 0}, {0, 0}, {1, 0}};
        for (int r = 0; r < 4; r++) assertArrayEquals(want[r], new double[]{table.rows().get(r, 0), table.rows().get(r, 1)}, "row " + r);
        assertArrayEquals(new String[]{"no", "yes", "no", "yes"}, labels(table, 2));
        assertEquals("instance weights ({w} after a row's values) on 2 rows ignored: every row counts once", table.leftOut());
    }

    @Test
    void valuesSeparatedBySpacesAreValuesAsWekaReadsThem() throws IOException {
        CsvVectors.Table table = read("@relation r\n@attribute a numeric\n@attribute b numeric\n@attribute c {x,'y z'}\n@data\n"
                + "1.5 2.5 x\n3.5\t4.5  'y z'\n5.5, 6.5 ,x\n7.5 8.5 x {2}\n");
        double[][] want = {{1.5, 2.5}, {3.5, 4.5}, {5.5, 6.5}, {7.5, 8.5}};
        for (int r = 0; r < 4; r++) assertArrayEquals(want[r], new double[]{table.rows().get(r, 0), table.rows().get(r, 1)}, "row " + r);
        assertArrayEquals(new String[]{"x", "y z", "x", "x"}, labels(table, 2));
        // An unquoted value holding a space is two values (Weka refuses such a row too).
        Path file = Files.writeString(dir.resolve("space.arff"), "@relation r\n@attribute a numeric\n@attribute c {x,'y z'}\n@data\n1,y z\n");
        InputException e = assertThrows(InputException.class, () -> CsvVectors.readTable(file, List.of(), -1, null));
        assertEquals(file + ":5: expected 2 values, found 3", e.getMessage());
    }

    /** Weka's only missing value is ?: a declared nominal NA (North America) or null is a label, as Weka reads it. */
    @Test
    void declaredNominalValuesSpelledLikeMissingMarkersAreLabels() throws IOException {
        String header = "@relation r\n@attribute x numeric\n@attribute region {NA, EU, null}\n@data\n";
        CsvVectors.Table table = read(header + "1.5,NA\n2.5,EU\n3.5,null\n4.5,'NA'\n");
        assertArrayEquals(new String[]{"NA", "EU", "null", "NA"}, labels(table, 1));
        // ? is still missing: one line naming it, or the row left out and counted.
        Path file = Files.writeString(dir.resolve("q.arff"), header + "1.5,NA\n2.5,?\n");
        InputException e = assertThrows(InputException.class, () -> CsvVectors.readTable(file, List.of(), -1, null));
        assertEquals(file + ":6: field 2 (region) is '?': a missing value", e.getMessage());
        MissingValues missing = new MissingValues();
        CsvVectors.Table kept = CsvVectors.readTable(file, List.of(), -1, missing);
        assertEquals(1, kept.rows().numRows);
        assertEquals(1, missing.droppedRows());
        assertArrayEquals(new String[]{"NA"}, labels(kept, 1));
    }

    @Test
    void numericNamesAreStillNamesAndEightDigitNumbersStayNumbers() throws IOException {
        // As a CSV header, "1","2" above numbers could be a row; 19580329 in a numeric column a date.
        CsvVectors.Table table = read("@relation r\n@attribute 1 numeric\n@attribute 2 numeric\n@data\n19580329,1\n19580401,2\n19580402,3\n");
        assertEquals(List.of("1", "2"), table.names());
        assertEquals(3, table.rows().numRows);
        assertEquals(19580329, table.rows().get(0, 0));
        assertTrue(table.textForms().isEmpty() || table.textForms().stream().allMatch(String::isEmpty), table.textForms().toString());
    }

    @Test
    void aProblemNamesTheArffFileAndItsLine() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.arff"), "@relation r\n@attribute a numeric\n@data\n1\n% comment\n\nx\n");
        InputException e = assertThrows(InputException.class, () -> CsvVectors.readTable(file, List.of(), -1, null));
        assertEquals(file + ":7: field 1 (a) is not a number: 'x'", e.getMessage());
        assertTrue(e.notANumber());
    }
}
