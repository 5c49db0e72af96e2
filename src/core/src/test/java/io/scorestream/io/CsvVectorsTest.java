package io.scorestream.io;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class CsvVectorsTest {
    @TempDir Path dir;

    private Path file(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    private String errorFor(Path p) {
        return assertThrows(InputException.class, () -> CsvVectors.read(p)).getMessage();
    }

    @Test
    void readsHeaderSpacesSignsExponentsAndTrailingBlankLines() throws IOException {
        Path p = file("a.csv", "x,y\n 1.5 , -2\n+3e2,4.25E-1\n.5,\t7.\n\n\n");
        DMatrixRMaj m = CsvVectors.read(p);
        assertEquals(3, m.numRows);
        assertEquals(2, m.numCols);
        assertArrayEquals(new double[]{1.5, -2, 300, 0.425, 0.5, 7.0}, m.data, 0.0);
    }

    @Test
    void readsCrlfAndByteOrderMark() throws IOException {
        DMatrixRMaj m = CsvVectors.read(file("w.csv", "\uFEFFa,b\r\n1,2\r\n3,4\r\n"));
        assertEquals(2, m.numRows);
        assertEquals(4.0, m.get(1, 1));
    }

    @Test
    void writeThenReadIsExact() {
        SplittableRandom rng = new SplittableRandom(7);
        DMatrixRMaj m = new DMatrixRMaj(50, 3);
        for (int i = 0; i < m.data.length; i++) m.data[i] = rng.nextGaussian() * Math.pow(10, rng.nextInt(-300, 300));
        m.data[0] = -0.0;
        m.data[1] = Double.MIN_VALUE;
        Path p = dir.resolve("round.csv");
        CsvVectors.write(p, m);
        DMatrixRMaj back = CsvVectors.read(p, 3);
        assertArrayEquals(m.data, back.data, 0.0);
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(back.data[0]));
    }

    /** The same three rows as other programs write them: each file must read to exactly these doubles. */
    private static final double[] DIALECT_ROWS = {1.5, -2, 0.125, 300, 4.25, 7};

    @Test
    void semicolonsTabsQuotesAndDecimalCommasReadToTheSameDoubles() throws IOException {
        String[] files = {
                "a;b\n1,5;-2\n0,125;3e2\n4,25;7\n",                         // a European spreadsheet: decimal commas
                "a;b\n1.5;-2\n0.125;300\n4.25;7\n",                          // semicolons with decimal points
                "a\tb\n1.5\t-2\n0.125\t300\n4.25\t7\n",                 // tabs
                "\"a\",\"b\"\n\"1.5\",\"-2\"\n\"0.125\",300\n 4.25 , \"7\" \n", // RFC 4180 quotes, spaces around them
                "\"a\";\"b\"\n\"1,5\";-2\n0,125;\"3E2\"\n4,25;7\r\n",        // quoted decimal commas, CRLF
        };
        for (String content : files) {
            Path p = file("d.csv", content);
            CsvVectors.Table t = CsvVectors.readTable(p, java.util.List.of(), -1, null);
            assertArrayEquals(DIALECT_ROWS, t.rows().data, 0.0, content);
            assertEquals(java.util.List.of("a", "b"), t.names(), content);
            assertNull(t.leftOut());
        }
        assertArrayEquals(DIALECT_ROWS, CsvVectors.read(file("d.tsv", "1.5\t-2\n0.125\t300\n4.25\t7\n")).data, 0.0);
        // In a comma-separated file a comma is never a decimal mark, quoted or not.
        Path comma = file("c.csv", "a,b\n\"1,5\",2\n");
        assertEquals(comma + ":2: field 1 (a) is not a number: '1,5'", errorFor(comma));
    }

    @Test
    void spaceSeparatedFilesAndHeadersInACommentReadToTheSameDoubles() throws IOException {
        String[] named = {
                "a b\n1.5 -2\n0.125 300\n4.25 7\n",                              // write.table(sep = " ")
                "# a b\n1.500000000000000000e+00 -2.000000000000000000e+00\n1.25e-01 3e2\n4.25 7\n", // np.savetxt(header = "a b")
                "# a,b\n1.5,-2\n0.125,300\n4.25,7\n",                            // np.savetxt(delimiter = ",", header = "a,b")
                "# written by a script\n# a,b\n1.5,-2\n0.125,300\n4.25,7\n",     // prose first: the last comment names the columns
                "# two readings per line\na,b\n1.5,-2\n0.125,300\n4.25,7\n",     // a comment above an ordinary header
                "\"a\"  b\n  1.5   -2\n0.125 300\n\t4.25 \t 7\n",                 // runs of spaces and tabs, a quoted name
        };
        for (String content : named) {
            CsvVectors.Table t = CsvVectors.readTable(file("s.txt", content), java.util.List.of(), -1, null);
            assertArrayEquals(DIALECT_ROWS, t.rows().data, 0.0, content);
            assertEquals(java.util.List.of("a", "b"), t.names(), content);
        }
        // np.savetxt's default: no header, columns by spaces; a UCI .data file's leading spaces separate nothing.
        assertArrayEquals(DIALECT_ROWS, CsvVectors.read(file("x.data", "  1.5  -2\n 0.125 300\n4.25     7\n")).data, 0.0);
        // A comment that is prose (a word count unlike the rows') names nothing.
        CsvVectors.Table prose = CsvVectors.readTable(file("p.csv", "# three words here\n1.5,-2\n0.125,300\n4.25,7\n"), java.util.List.of(), -1, null);
        assertArrayEquals(DIALECT_ROWS, prose.rows().data, 0.0);
        assertEquals(java.util.List.of(), prose.names());
        // One column whose name holds a space stays one column.
        CsvVectors.Table one = CsvVectors.readTable(file("o.csv", "sepal length\n5.1\n4.9\n"), java.util.List.of(), -1, null);
        assertEquals(java.util.List.of("sepal length"), one.names());
        assertArrayEquals(new double[]{5.1, 4.9}, one.rows().data, 0.0);
        // A row with a field too many is still the line's one error.
        Path ragged = file("r.txt", "a b\n1 2\n3 4 5\n");
        assertEquals(ragged + ":3: expected 2 values, found 3, split on runs of spaces (3 4 5): a value holding a space, or a blank one, in a fixed-width table?"
                + " Write it with commas or tabs between the fields", errorFor(ragged));
    }

    @Test
    void aLatin1FileReadsAndSaysSoAndCountsEachMissingRowOnce() throws IOException {
        // A European export: semicolons, decimal commas, a text column in Latin-1; the
        // first non-UTF-8 byte far enough down that the UTF-8 pass has counted rows with a gap.
        StringBuilder text = new StringBuilder("Ort;Temperatur;Hoehe\n");
        for (int i = 0; i < 5000; i++) text.append(i % 7 == 0 ? "Bern;;540\n" : "Basel;12,5;260\n");
        text.append("Z\u00fcrich;11,0;408\n");
        Path p = dir.resolve("l.csv");
        Files.write(p, text.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        MissingValues missing = new MissingValues();
        CsvVectors.Table t = CsvVectors.readTable(p, java.util.List.of(), -1, missing);
        assertEquals(java.util.List.of("Ort", "Temperatur", "Hoehe"), t.names());
        assertEquals("read as Latin-1 (ISO-8859-1): not UTF-8 from line 5002", t.leftOut());
        assertEquals(715, missing.droppedRows(), "each row with a gap counted once");
        assertEquals(5001 - 715, t.rows().numRows);
        // The town is a column of labels, read in Latin-1 too; Bern's rows all miss their temperature, so Bern is none of its labels.
        assertEquals(java.util.List.of("Basel", "Z\u00fcrich"), t.labels().get(0));
        assertArrayEquals(new double[]{1, 11.0, 408}, java.util.Arrays.copyOfRange(t.rows().data, t.rows().data.length - 3, t.rows().data.length), 0.0);
        // UTF-16 (NUL bytes) is not taken for Latin-1: the UTF-8 error stands.
        Path wide = dir.resolve("w.csv");
        Files.write(wide, "a,b\n1,2\n".getBytes(java.nio.charset.StandardCharsets.UTF_16));
        assertEquals(wide + ":1: not valid UTF-8 text", errorFor(wide));
    }

    @Test
    void linesThatAllEndWithTheDelimiterHaveNoEmptyLastColumn() throws IOException {
        CsvVectors.Table named = CsvVectors.readTable(file("t.csv", "a,b,\n1.5,-2,\n0.125,300,\n4.25,7,\n"), java.util.List.of(), -1, null);
        assertEquals(java.util.List.of("a", "b"), named.names());
        assertArrayEquals(DIALECT_ROWS, named.rows().data, 0.0);
        assertArrayEquals(DIALECT_ROWS, CsvVectors.read(file("u.csv", "1.5;-2;\n0.125;300;\n4.25;7;\n")).data, 0.0);
        // A value where the others have none is the line's error, not a column read for one row.
        Path extra = file("e.csv", "a,b,\n1.5,-2,\n0.125,300,9\n");
        assertEquals(extra + ":3: expected 2 values, found 3", errorFor(extra));
        // One row alone ending so may just miss its last value: still read as before.
        Path one = file("m.csv", "a,b,c\n1,2,\n4,5,6\n");
        assertTrue(errorFor(one).startsWith(one + ":2: field 3 (c) is empty: a missing value"), errorFor(one));
    }

    @Test
    void rowLabelsOfRAndPandasAreLeftOutAndSaid() throws IOException {
        String[] files = {
                "\"\",\"x\",\"y\"\n\"Mazda RX4\",1.5,-2\n\"Datsun, 710\",0.125,300\n\"3\",4.25,7\n", // R write.csv
                "\"x\",\"y\"\n\"Mazda RX4\",1.5,-2\n\"Datsun 710\",0.125,300\n\"3\",4.25,7\n",         // R write.table: one name fewer
                ",x,y\n0,1.5,-2\n1,0.125,300\n2,4.25,7\n",                                               // pandas to_csv
        };
        for (String content : files) {
            CsvVectors.Table t = CsvVectors.readTable(file("r.csv", content), java.util.List.of(), -1, null);
            assertArrayEquals(DIALECT_ROWS, t.rows().data, 0.0, content);
            assertEquals(java.util.List.of("x", "y"), t.names());
            assertEquals("column 1 (row labels: the header leaves it unnamed) left out", t.leftOut());
        }
        // One name short above a plain number: a name missing by mistake, not R's labels.
        Path short_ = file("s.csv", "x,y\n1,2,3\n");
        assertEquals(short_ + ":1: header names 2 columns but the rows have 3 values (line 2: 1,2,3)", errorFor(short_));
        Path unnamed = file("u.csv", "x,,y\n1,2,3\n");
        assertEquals(unnamed + ":1: header column 2 has no name", errorFor(unnamed));
        // A spreadsheet's export: unnamed columns with no value in any row are left out as any empty column is.
        CsvVectors.Table sheet = CsvVectors.readTable(file("sheet.csv", "x,,y,,\n1.5,,-2,,\n0.125,,300,,\n4.25,,7,,\n"), java.util.List.of(), -1, null);
        assertEquals(java.util.List.of("x", "y"), sheet.names());
        assertArrayEquals(DIALECT_ROWS, sheet.rows().data, 0.0);
        assertTrue(sheet.leftOut().contains("column 2"), sheet.leftOut());
        Path oneValue = file("v.csv", "x,,y\n1,,2\n3,a,4\n");
        assertEquals(oneValue + ":1: header column 2 has no name", errorFor(oneValue));
        // A "header" with an unnamed column and a number is likelier a headerless first row with an empty field (a PostgreSQL dump).
        Path dump = file("psql.csv", "1,abc,\"test line 1\",,\"\"\n2,xyz,\"line 2\",4,\"q\"\n");
        assertEquals(dump + ":1: header column 4 has no name, and it holds the number 1: a file without a header line whose first row has an empty field? Add a line of column names above it", errorFor(dump));
        // R quotes every name and no number: quoted numbers above unquoted ones are a header; quoted
        // numbers above quoted numbers (a writer that quotes everything) are data.
        CsvVectors.Table years = CsvVectors.readTable(file("y.csv", "\"1990\",\"1991\"\n1.5,-2\n0.125,300\n4.25,7\n"), java.util.List.of(), -1, null);
        assertEquals(java.util.List.of("1990", "1991"), years.names());
        assertArrayEquals(DIALECT_ROWS, years.rows().data, 0.0);
        CsvVectors.Table all = CsvVectors.readTable(file("a.csv", "\"1.5\",\"-2\"\n\"0.125\",\"300\"\n\"4.25\",\"7\"\n"), java.util.List.of(), -1, null);
        assertEquals(java.util.List.of(), all.names());
        assertArrayEquals(DIALECT_ROWS, all.rows().data, 0.0);
        Path quotedName = file("q.csv", "\"say \"\"hi\"\"\",b\n1,2\n");
        assertEquals(java.util.List.of("say \"hi\"", "b"), CsvVectors.readTable(quotedName, java.util.List.of(), -1, null).names());
    }

    @Test
    void fieldsChooseColumnsByTheirHeaderNamesInTheirOrder() throws IOException {
        Path p = file("f.csv", "\"\",species,y,x\n1,setosa,-2,1.5\n2,virginica,300,0.125\n3,setosa,7,4.25\n");
        CsvVectors.Table t = CsvVectors.readTable(p, java.util.List.of("x", "y"), -1, null);
        assertArrayEquals(DIALECT_ROWS, t.rows().data, 0.0);
        assertEquals(java.util.List.of("x", "y"), t.names());
        assertEquals("column 1 (row labels: the header leaves it unnamed) and 1 column not named by --fields left out", t.leftOut());
        CsvVectors.Table all = CsvVectors.readTable(p, java.util.List.of(), -1, null);
        assertEquals(java.util.List.of("y", "x"), all.names());
        // Two labels in three rows do not repeat enough to be a category by default: free text, left out.
        assertEquals("column 1 (row labels: the header leaves it unnamed) and 1 column of free text or dates (species) left out", all.leftOut());
        // Named by --fields, a text column is read as labels, numbered in sorted order.
        CsvVectors.Table chosen = CsvVectors.readTable(p, java.util.List.of("species", "x"), -1, null);
        assertEquals(java.util.List.of(java.util.List.of("setosa", "virginica"), java.util.List.of()), chosen.labels());
        assertArrayEquals(new double[]{0, 1.5, 1, 0.125, 0, 4.25}, chosen.rows().data, 0.0);
        assertEquals(p + ": --fields names 'z', which is not a column of the header (species, y, x)",
                assertThrows(InputException.class, () -> CsvVectors.readTable(p, java.util.List.of("x", "z"), -1, null)).getMessage());
        assertEquals(p + ": --fields names 'x' twice",
                assertThrows(InputException.class, () -> CsvVectors.readTable(p, java.util.List.of("x", "x"), -1, null)).getMessage());
        Path bare = file("b.csv", "1,2\n3,4\n");
        assertEquals(bare + ": has no header line, so --fields cannot name its columns",
                assertThrows(InputException.class, () -> CsvVectors.readTable(bare, java.util.List.of("x"), -1, null)).getMessage());
    }

    @Test
    void textColumnsAreLeftOutByDefaultAndNamed() throws IOException {
        // Judged on many rows: sex's first value is missing, yet it is text; bill's second is "?" (UCI's missing value).
        StringBuilder penguins = new StringBuilder("species,island,bill,sex,date\n");
        penguins.append("Adelie,Torgersen,39.1,NA,2007-11-11\n").append("Adelie,Torgersen,?,female,2007-11-12\n");
        for (int i = 0; i < 30; i++) penguins.append("Gentoo,Biscoe,").append(45 + i * 0.25).append(i % 2 == 0 ? ",male" : ",female").append(",2008-11-").append(10 + i % 19).append('\n');
        Path p = file("penguins.csv", penguins.toString());
        MissingValues missing = new MissingValues();
        CsvVectors.Table t = CsvVectors.readTable(p, java.util.List.of(), -1, missing);
        // Species, island and sex repeat: columns of labels. The ISO dates are a column of day numbers.
        assertEquals(java.util.List.of("species", "island", "bill", "sex", "date"), t.names());
        assertEquals(30, t.rows().numRows);
        assertEquals(2, missing.droppedRows(), "sex NA on the first row, bill ? on the second");
        assertArrayEquals(new double[]{0, 0, 45.0, 1, java.time.LocalDate.of(2008, 11, 10).toEpochDay()}, java.util.Arrays.copyOf(t.rows().data, 5), 0.0);
        // Adelie's two rows were both dropped: it is none of species' labels.
        assertEquals(java.util.List.of(java.util.List.of("Gentoo"), java.util.List.of("Biscoe"), java.util.List.of(), java.util.List.of("female", "male"), java.util.List.of()), t.labels());
        assertEquals(java.util.List.of("", "", "", "", "yyyy-MM-dd"), t.textForms());
        assertNull(t.leftOut());
        // Dates written day/month or month/day cannot be told apart: free text, left out.
        Path us = file("us.csv", "when,x\n" + "11/12/2008,1\n".repeat(10) + "03/04/2008,2\n".repeat(10));
        assertEquals("1 column of free text or dates (when) left out", CsvVectors.readTable(us, java.util.List.of(), -1, null).leftOut());
        // Without the counter, "?" stops the read as a missing value, naming line and column.
        InputException gap = assertThrows(InputException.class, () -> CsvVectors.readTable(p, java.util.List.of(), -1, null));
        assertEquals(p + ":2: field 4 (sex) is 'NA': a missing value", gap.getMessage());
        assertTrue(gap.missingValue());
        // A numeric column with one word is still numeric: the word's line is the error.
        Path typo = file("typo.csv", "a,b\n1,2\n3,4x\n5,6\n");
        assertEquals(typo + ":3: field 2 (b) is not a number: '4x'", errorFor(typo));
        // Far down the file, a word in a numeric column is an error too.
        StringBuilder late = new StringBuilder("a,b\n");
        for (int i = 0; i < 205; i++) late.append(i).append(',').append(i % 3 == 0 ? "x" : "1").append('\n');
        assertEquals(205, CsvVectors.readTable(file("late.csv", late.toString()), java.util.List.of("a"), -1, null).rows().numRows);
        Path lateWord = file("lateword.csv", "a,b\n" + "1,2\n".repeat(203) + "3,four\n");
        assertEquals(lateWord + ":205: field 2 (b) is not a number: 'four'", errorFor(lateWord));
        // The first pass that judges the columns reports nothing itself: a ragged row before a broken quote is still the first error.
        Path ragged = file("ragged.csv", "a,b\n1,2\n3\n4,\"5\n");
        assertEquals(ragged + ":3: expected 2 values, found 1", errorFor(ragged));
        // Nothing but text: one line saying so.
        Path words = file("words.csv", "name,city\nAda,London\nAlan,Wilmslow\n");
        assertEquals(words + ": has no column to learn: every column holds free text or dates (name, city)", errorFor(words));
    }

    /**
     * A column of labels is read as each label's index in sorted order, and a generated row is
     * written back with the labels: quoted where CSV needs it, as JSON strings, or as JSON booleans
     * for a column of false and true. The labels travel in the record schema.
     */
    @Test
    void labelsAreReadAsSortedIndicesAndWrittenBackAsLabels() throws IOException {
        StringBuilder text = new StringBuilder("kind,x,ok\n");
        String[] kinds = {"zeta", "\"alpha, the first\"", "\"mid \"\"q\"\"\""};
        for (int i = 0; i < 12; i++) text.append(kinds[i % 3]).append(',').append(i).append(',').append(i % 2 == 0).append('\n');
        Path p = file("k.csv", text.toString());
        Tables.Table t = Tables.read(p, java.util.List.of());
        RecordSchema schema = t.columns();
        assertEquals(java.util.List.of("alpha, the first", "mid \"q\"", "zeta"), schema.labelsOf(0));
        assertEquals(java.util.List.of("false", "true"), schema.labelsOf(2));
        assertFalse(schema.isCategorical(1));
        assertArrayEquals(new double[]{2, 0, 1, 0, 1, 0}, java.util.Arrays.copyOf(t.rows().data, 6), 0.0);
        // A generated value between indices is the nearest label's, one past the ends the end's.
        assertEquals("zeta", schema.label(0, 2.4));
        assertEquals("alpha, the first", schema.label(0, -0.7));
        assertEquals(-1, schema.code(0, "omega"));
        // Written back: the same text, read back: the same rows and labels.
        Path out = dir.resolve("out.csv");
        Tables.write(out, t.rows(), schema);
        assertEquals(text.toString(), Files.readString(out));
        Tables.Table again = Tables.read(out, java.util.List.of());
        assertEquals(schema, again.columns());
        assertArrayEquals(t.rows().data, again.rows().data, 0.0);
        // JSON: a label is a string, false/true are booleans; read back, the same labels.
        Path json = dir.resolve("out.jsonl");
        Tables.write(json, t.rows(), Tables.outputShape(json, schema));
        assertEquals("{\"kind\":\"zeta\",\"x\":0,\"ok\":true}", Files.readAllLines(json).get(0));
        Tables.Table fromJson = Tables.read(json, java.util.List.of());
        assertEquals(schema.labels(), fromJson.columns().labels(), "strings and booleans read back as the same labels");
        assertArrayEquals(t.rows().data, fromJson.rows().data, 0.0);
        // A JSON field of free text is left out and named; a null label is a missing value, counted.
        StringBuilder records = new StringBuilder();
        for (int i = 0; i < 30; i++)
            records.append("{\"id\":\"r").append(i).append("\",\"site\":").append(i == 7 ? "null" : "\"s" + i % 3 + "\"").append(",\"v\":").append(i).append("}\n");
        Path sites = file("sites.jsonl", records.toString());
        MissingValues missing = new MissingValues();
        Tables.Table read = Tables.read(sites, java.util.List.of(), missing);
        assertEquals(java.util.List.of("site", "v"), read.columns().names());
        assertEquals(java.util.List.of("s0", "s1", "s2"), read.columns().labelsOf(0));
        assertEquals("1 field that is not a number (id: text) left out", read.leftOut());
        assertEquals(1, missing.droppedRows());
        assertEquals(29, read.rows().numRows);
        // Chosen by name, even free text is read as labels.
        assertEquals(30, Tables.read(sites, java.util.List.of("id", "v"), missing).columns().labelsOf(0).size());
        // The record schema keeps the labels through its binary form (model files, the model topic).
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        schema.write(new java.io.DataOutputStream(bytes));
        assertEquals(schema, RecordSchema.read(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))));
    }

    @Test
    void brokenQuotesNameTheLineAndField() throws IOException {
        Path open = file("o.csv", "a,b\n1,\"2\n3,4\n");
        assertEquals(open + ":2: field 2: a quote that never closes (within 100 lines)", errorFor(open));
        Path after = file("t.csv", "a,b\n1,\"2\"x\n");
        assertEquals(after + ":2: field 2: text after its closing quote", errorFor(after));
        // A quoted marker is a missing value like a bare one, left out with its row when asked.
        Path na = file("na.csv", "a;b\n1,5;\"NA\"\n0,125;300\n");
        assertEquals(na + ":2: field 2 (b) is 'NA': a missing value", errorFor(na));
        MissingValues missing = new MissingValues();
        assertArrayEquals(new double[]{0.125, 300}, CsvVectors.read(na, -1, missing).data, 0.0);
        assertEquals(1, missing.droppedRows());
        // Leaving out rows with a missing value never hides a field that is not a number in the same row.
        Path both = file("both.csv", "a;b;c\n\"NA\";2;x\n1;2;3\n");
        assertEquals(both + ":2: field 3 (c) is not a number: 'x'",
                assertThrows(InputException.class, () -> CsvVectors.read(both, -1, new MissingValues())).getMessage());
    }

    /** R's write.csv quotes the string "NA" and writes its missing NA bare: among labels the quoted one is the label. */
    @Test
    void aQuotedMarkerAmongLabelsIsALabel() throws IOException {
        Path p = file("regions.csv", "x,region\n1.5,\"NA\"\n2.5,EU\n3.5,NA\n4.5,\"\"\n5.5,EU\n6.5,\"NA\"\n7.5,AS\n8.5,AS\n");
        MissingValues missing = new MissingValues();
        CsvVectors.Table table = CsvVectors.readTable(p, java.util.List.of(), -1, missing);
        assertEquals(6, table.rows().numRows, "the bare NA and the quoted empty field are missing");
        assertEquals(2, missing.droppedRows());
        assertEquals(java.util.List.of("AS", "EU", "NA"), table.labels().get(1));
        assertEquals("NA", table.labels().get(1).get((int) table.rows().get(0, 1)));
        // Written back quoted, so that it reads back as the label.
        StringBuilder line = new StringBuilder();
        CsvVectors.appendLabel(line, "NA", ',');
        assertEquals("\"NA\"", line.toString());
    }

    @Test
    void raggedRowNamesFileLineAndCounts() throws IOException {
        Path p = file("r.csv", "1,2,3\n4,5,6\n7,8\n");
        assertEquals(p + ":3: expected 3 values, found 2", errorFor(p));
    }

    @Test
    void nonNumericFieldAfterTheFirstLine() throws IOException {
        Path p = file("n.csv", "1,2\n3,abc\n");
        assertEquals(p + ":2: field 2 is not a number: 'abc'", errorFor(p));
    }

    @Test
    void anEmptyFieldIsAMissingValueNamedByLineAndColumn() throws IOException {
        Path p = file("e.csv", "1,2\n3,\n");
        assertEquals(p + ":2: field 2 is empty: a missing value", errorFor(p));
        Path named = file("named.csv", "mpg,horsepower\n18,130\n25,NA\n");
        InputException e = assertThrows(InputException.class, () -> CsvVectors.read(named));
        assertEquals(named + ":3: field 2 (horsepower) is 'NA': a missing value", e.getMessage());
        assertTrue(e.missingValue());
        assertTrue(assertThrows(InputException.class, () -> CsvVectors.read(file("nan2.csv", "1,2\nNaN,3\n"))).missingValue());
        assertFalse(assertThrows(InputException.class, () -> CsvVectors.read(file("abc.csv", "1,2\nabc,3\n"))).missingValue());
    }

    @Test
    void withACounterRowsWithAMissingValueAreLeftOutAndCounted() throws IOException {
        Path p = file("gaps.csv", "mpg,cyl,hp\n18,8,130\n,4,90\n25,4,NA\n 30 ,4, \nnan,6,100\n22,6,null\n21,6,N/A\n19,8,150\n");
        MissingValues missing = new MissingValues();
        DMatrixRMaj x = CsvVectors.read(p, -1, missing);
        assertEquals(2, x.numRows);
        assertArrayEquals(new double[]{18, 8, 130, 19, 8, 150}, x.data, 0.0);
        assertEquals(6, missing.droppedRows());
        assertEquals("left out 6 of 8 rows with a missing value (first missing: mpg 2, hp 4)", missing.describe(x.numRows));
        // Not missing: infinity and text stay errors, as does a short row.
        for (String bad : new String[]{"1,2,3\n4,Infinity,6\n", "1,2,3\n4,x,6\n", "1,2,3\n4,5\n"})
            assertThrows(InputException.class, () -> CsvVectors.read(file("bad.csv", bad), -1, new MissingValues()), bad);
        Path none = file("none.csv", "a,b\n1,\n,2\n");
        assertEquals(none + ": no samples: all 2 rows have a missing value (first missing: b 1, a 1)",
                assertThrows(InputException.class, () -> CsvVectors.read(none, -1, new MissingValues())).getMessage());
    }

    /**
     * A headerless file whose first row holds a date and numbers is data: its date is written as the
     * dates below it are (before, it became the names "2005-02-10" and "14.1" and the row was lost).
     * A header whose names are dates above columns of numbers (a wide table by day) stays a header.
     */
    @Test
    void aFirstRowOfADateAndNumbersIsDataNotAHeader() throws IOException {
        CsvVectors.Table iso = CsvVectors.readTable(file("iso.csv", "2005-02-10,14.1\n2005-02-11,13.2\n2005-02-12,12.9\n"), java.util.List.of(), -1, null);
        assertEquals(java.util.List.of(), iso.names());
        assertEquals(3, iso.rows().numRows);
        assertEquals(java.time.LocalDate.of(2005, 2, 10).toEpochDay(), iso.rows().get(0, 0), 0.0);
        CsvVectors.Table words = CsvVectors.readTable(file("dmy.csv", "10 Feb 2005,14.1\n11 Feb 2005,13.2\n12 Feb 2005,12.9\n"), java.util.List.of(), -1, null);
        assertEquals(java.util.List.of(), words.names());
        assertEquals(3, words.rows().numRows);
        CsvVectors.Table wide = CsvVectors.readTable(file("wide.csv", "id,2005-02-10,2005-02-11\n1,0.5,0.7\n2,0.1,0.2\n"), java.util.List.of(), -1, null);
        assertEquals(java.util.List.of("id", "2005-02-10", "2005-02-11"), wide.names());
        assertEquals(2, wide.rows().numRows);
    }

    /**
     * A headerless file whose first row misses a value is data with a gap, not a header of number
     * names; a header whose first name is empty (pandas' index) above numeric names stays a header.
     */
    @Test
    void aFirstRowOfNumbersWithAGapIsDataNotAHeader() throws IOException {
        Path gap = file("gap.csv", "1.5,2.5,\n3,4,5\n6,7,8\n");
        assertEquals(gap + ":1: field 3 is empty: a missing value", errorFor(gap));
        MissingValues missing = new MissingValues();
        CsvVectors.Table t = CsvVectors.readTable(gap, java.util.List.of(), -1, missing);
        assertEquals(java.util.List.of(), t.names());
        assertEquals(1, missing.droppedRows());
        assertArrayEquals(new double[]{3, 4, 5, 6, 7, 8}, t.rows().data, 0.0);
        Path years = file("years.csv", ",1990,2000\n0,1.5,2.5\n1,3.5,4.5\n");
        CsvVectors.Table y = CsvVectors.readTable(years, java.util.List.of(), -1, null);
        assertEquals(java.util.List.of("1990", "2000"), y.names());
        assertArrayEquals(new double[]{1.5, 2.5, 3.5, 4.5}, y.rows().data, 0.0);
    }

    @Test
    void javaOnlyNumberSyntaxIsRejected() throws IOException {
        Path p = file("j.csv", "1,2\n3d,0x1p3\n");
        assertEquals(p + ":2: field 1 is not a number: '3d'", errorFor(p));
    }

    @Test
    void nanAndInfinityAreNotFiniteEvenOnTheFirstLine() throws IOException {
        Path nan = file("nan.csv", "NaN,1\n2,3\n");
        assertEquals(nan + ":1: field 1 is not finite: NaN", errorFor(nan));
        Path inf = file("inf.csv", "1,2\n3,-Infinity\n");
        assertEquals(inf + ":2: field 2 is not finite: -Infinity", errorFor(inf));
        Path overflow = file("big.csv", "1,2\n1e999,3\n");
        assertEquals(overflow + ":2: field 1 is not finite: 1e999", errorFor(overflow));
    }

    @Test
    void emptyAndHeaderOnlyFilesHaveNoSamples() throws IOException {
        Path empty = file("empty.csv", "");
        assertEquals(empty + ": no samples", errorFor(empty));
        Path header = file("header.csv", "x,y\n\n");
        assertEquals(header + ": no samples", errorFor(header));
    }

    @Test
    void missingFileAndDirectory() {
        Path missing = dir.resolve("missing.csv");
        assertEquals(missing + ": file not found", errorFor(missing));
        assertEquals(dir + ": is a directory, not a CSV file", errorFor(dir));
    }

    /** Blank lines between blocks of rows (gnuplot's data files) separate nothing: every row is read, as pandas, R and numpy read them. */
    @Test
    void blankLinesInsideTheDataSeparateNothing() throws IOException {
        DMatrixRMaj m = CsvVectors.read(file("b.csv", "1,2\n\n3,4\n\n\n5,6\n"));
        assertArrayEquals(new double[]{1, 2, 3, 4, 5, 6}, m.data, 0.0);
    }

    @Test
    void dimensionMismatchAgainstTheModel() throws IOException {
        Path p = file("d.csv", "a,b,c\n1,2,3\n");
        InputException e = assertThrows(InputException.class, () -> CsvVectors.read(p, 2));
        assertEquals(p + ":2: dimension 3 does not match the model's 2", e.getMessage());
    }

    @Test
    void writeIntoMissingDirectoryFailsWithoutLeavingFiles() {
        Path p = dir.resolve("nope").resolve("out.csv");
        InputException e = assertThrows(InputException.class, () -> CsvVectors.write(p, new DMatrixRMaj(1, 1)));
        assertTrue(e.getMessage().startsWith(p + ": cannot write"), e.getMessage());
        assertFalse(Files.exists(p));
    }

    @Test
    void largeFileRoundTripsExactly() {
        // How fast it parses is a benchmark's question (PERFORMANCE.md), not a unit test's: on a
        // shared machine a timed assertion fails for reasons that are not the code's.
        SplittableRandom rng = new SplittableRandom(1);
        DMatrixRMaj m = new DMatrixRMaj(20_000, 64);
        for (int i = 0; i < m.data.length; i++) m.data[i] = rng.nextGaussian();
        Path p = dir.resolve("big.csv");
        CsvVectors.write(p, m);
        DMatrixRMaj back = CsvVectors.read(p, 64);
        assertArrayEquals(m.data, back.data, 0.0);
    }

    @Test
    void everyFieldIsTheDoubleThatDoubleParseDoubleGives() throws IOException {
        // The reader parses without Double.parseDouble; these are the cases where a fast parser
        // could round differently: 17+ significant digits, halfway cases, subnormals, the ends of
        // the exponent range, leading zeros, signs and exponent forms.
        SplittableRandom rng = new SplittableRandom(16);
        java.util.List<String> fields = new java.util.ArrayList<>(java.util.List.of(
                "4.9e-324", "2.4703282292062327e-324", "2.4703282292062328e-324", "2.2250738585072011e-308",
                "2.2250738585072012e-308", "1.7976931348623157e308", "9007199254740993", "9007199254740992.5",
                "0.1000000000000000055511151231257827021181583404541015625", "1.00000000000000011102230246251565404236316680908203125",
                "1.00000000000000011102230246251565404236316680908203124", "000123.4500e+0002", "-0", "+.5", "5.", "1E-5",
                "123456789012345678901234567890", "0.000000000000000000000000000001234567890123456789"));
        for (int k = 0; k < 3000; k++) {
            double v = Double.longBitsToDouble(rng.nextLong());
            if (Double.isFinite(v)) fields.add(Double.toString(v));
            StringBuilder digits = new StringBuilder(rng.nextBoolean() ? "-" : "");
            int n = 1 + rng.nextInt(25);
            for (int j = 0; j < n; j++) digits.append((char) ('0' + rng.nextInt(10)));
            if (rng.nextBoolean()) digits.insert(digits.length() - rng.nextInt(n), '.');
            if (rng.nextBoolean()) digits.append('e').append(rng.nextInt(600) - 330);
            double parsed = Double.parseDouble(digits.toString());
            if (Double.isFinite(parsed)) fields.add(digits.toString());
        }
        int d = 4, rows = fields.size() / d;
        StringBuilder text = new StringBuilder();
        for (int r = 0; r < rows; r++) text.append(String.join(" , ", fields.subList(r * d, r * d + d))).append('\n');
        DMatrixRMaj m = CsvVectors.read(file("exact.csv", text.toString()));
        assertEquals(rows, m.numRows);
        for (int i = 0; i < rows * d; i++) {
            String field = fields.get(i);
            double read = m.data[i];
            assertEquals(Double.doubleToRawLongBits(Double.parseDouble(field)), Double.doubleToRawLongBits(read), () -> "field " + field + " read as " + read);
        }
    }

    @Test
    void rowsAcrossBlocksKeepTheirOrder() {
        // The reader keeps values in blocks (2²⁰ when reading) and joins them at the end: with
        // blocks of 1 024, rows of 7 straddle every block boundary and the first block grows first.
        CsvVectors.RowBlocks blocks = new CsvVectors.RowBlocks(1024);
        int d = 7, rows = 1000;
        double[] row = new double[d];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < d; j++) row[j] = r * d + j;
            blocks.add(row, d);
        }
        assertEquals(rows * d, blocks.count());
        double[] out = new double[rows * d];
        blocks.copyTo(out);
        for (int i = 0; i < out.length; i++) assertEquals(i, out[i], 0.0);
    }

    /**
     * A file sorted by one text column shows, for hundreds of rows, one value of it and all
     * different values of another: the columns are judged on every row, so both are labels.
     */
    @Test
    void aFileSortedByOneColumnIsJudgedOnAllItsRows() throws IOException {
        StringBuilder text = new StringBuilder("origin,destination,count\n");
        String[] origins = {"ABQ", "ATL", "BOS", "DEN", "SEA"};
        for (String origin : origins)
            for (int d = 0; d < 300; d++) text.append(origin).append(",D").append(d).append(',').append(d % 17).append('\n');
        CsvVectors.Table t = CsvVectors.readTable(file("airports.csv", text.toString()), java.util.List.of(), -1, null);
        assertEquals(java.util.List.of("origin", "destination", "count"), t.names());
        assertNull(t.leftOut(), "the first 300 rows all differ in destination, the whole file has each 5 times");
        assertEquals(java.util.List.of(origins), t.labels().get(0));
        assertEquals(300, t.labels().get(1).size());
        assertEquals(1500, t.rows().numRows);
        // Row 301 is ATL's first: its destination D0 is the first of the sorted labels.
        assertEquals(1.0, t.rows().get(300, 0), 0.0);
        assertEquals(java.util.List.of("D0", "D1", "D10"), t.labels().get(1).subList(0, 3));
        assertEquals(0.0, t.rows().get(300, 1), 0.0);
    }

    /** Columns whose first 250 values are missing are judged on the rest: numbers, labels, dates. */
    @Test
    void aColumnMissingInItsFirstRowsIsJudgedOnTheRest() throws IOException {
        StringBuilder text = new StringBuilder("x,y,kind,day\n");
        for (int i = 0; i < 250; i++) text.append(i).append(",NA,,NA\n");
        for (int i = 0; i < 250; i++)
            text.append(i).append(',').append(0.5 * i).append(',').append(i % 2 == 0 ? "even" : "odd").append(",2020-01-").append(10 + i % 20).append('\n');
        MissingValues missing = new MissingValues();
        CsvVectors.Table t = CsvVectors.readTable(file("late.csv", text.toString()), java.util.List.of(), -1, missing);
        assertNull(t.leftOut());
        assertEquals(250, missing.droppedRows());
        assertEquals(250, t.rows().numRows);
        assertEquals(java.util.List.of(java.util.List.of(), java.util.List.of(), java.util.List.of("even", "odd"), java.util.List.of()), t.labels());
        assertEquals(java.util.List.of("", "", "", "yyyy-MM-dd"), t.textForms());
        assertArrayEquals(new double[]{1, 0.5, 1, java.time.LocalDate.of(2020, 1, 11).toEpochDay()}, java.util.Arrays.copyOfRange(t.rows().data, 4, 8), 0.0);
        // A stray word far down a numeric column still stops the read at its line.
        Path stray = file("stray.csv", "x,y\n" + "1,NA\n".repeat(250) + "2,3\n".repeat(250) + "3,three\n" + "4,5\n".repeat(10));
        assertEquals(stray + ":502: field 2 (y) is not a number: 'three'",
                assertThrows(InputException.class, () -> CsvVectors.readTable(stray, java.util.List.of(), -1, new MissingValues())).getMessage());
    }

    /** Text that rarely repeats stays free text on the whole file, however it is sorted. */
    @Test
    void freeTextStaysFreeTextOnTheWholeFile() throws IOException {
        StringBuilder text = new StringBuilder("name,x\n");
        for (int i = 0; i < 3000; i++) text.append(i < 1000 ? "same" : "name " + i).append(',').append(i).append('\n');
        CsvVectors.Table t = CsvVectors.readTable(file("names.csv", text.toString()), java.util.List.of(), -1, null);
        assertEquals("1 column of free text or dates (name) left out", t.leftOut(), "2001 different values among 3000: no labels, though the head repeats");
        assertEquals(java.util.List.of("x"), t.names());
    }

    /**
     * A head of numbers only judges the file without a first pass; a word past it that the head did
     * not foresee has the file judged again on all of it: here a column of colours.
     */
    @Test
    void aHeadOfNumbersOnlyIsJudgedAgainOnTheWholeFileWhenAWordFollows() throws IOException {
        Path colours = file("colours.csv", "x,colour\n" + "1,2\n".repeat(CsvVectors.HEAD_ROWS) + "2,NA\n" + "3,red\n4,blue\n".repeat(300));
        MissingValues missing = new MissingValues();
        CsvVectors.Table t = CsvVectors.readTable(colours, java.util.List.of(), -1, missing);
        assertEquals(java.util.List.of("2", "blue", "red"), t.labels().get(1), "numbers and words of one column of labels");
        assertEquals(1, missing.droppedRows(), "the row read before the head was found wrong is counted once");
        assertEquals(CsvVectors.HEAD_ROWS + 600, t.rows().numRows);
        assertEquals(2.0, t.rows().get(CsvVectors.HEAD_ROWS, 1), 0.0);
        // A head of numbers only that holds for the whole file: one pass, every column numbers.
        CsvVectors.Table numbers = CsvVectors.readTable(file("numbers.csv", "x,y\n" + "1,2.5\n".repeat(CsvVectors.HEAD_ROWS + 50)), java.util.List.of(), -1, null);
        assertEquals(java.util.List.of(), numbers.labels());
        assertEquals(CsvVectors.HEAD_ROWS + 50, numbers.rows().numRows);
    }
}
