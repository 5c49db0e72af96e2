package io.scorestream.io;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Arrays inside JSON records: one column per element, named by its path, read and written back in the record's shape. */
class JsonRecordsTest {
    static final String EMBEDDING = "{\"id\":\"doc-17\",\"embedding\":[0.12,-0.4,3,0.07],\"score\":0.9}";
    static final List<String> COLUMNS = List.of("embedding[0]", "embedding[1]", "embedding[2]", "embedding[3]", "score");

    static RecordProblem problem(JsonRecords records, String text) {
        return assertThrows(RecordProblem.class, () -> records.read(text));
    }

    @Test
    void anArraysNumbersAreColumnsInDocumentOrder() {
        assertEquals(COLUMNS, JsonRecords.numericFields(EMBEDDING));
        JsonRecords records = new JsonRecords(COLUMNS, true);
        assertArrayEquals(new double[]{0.12, -0.4, 3, 0.07, 0.9}, records.read(EMBEDDING), 0);
        // A chosen order and single elements; the rest of the array is ignored when the fields are chosen.
        JsonRecords chosen = new JsonRecords(List.of("score", "embedding[3]", "embedding[1]"), false);
        assertArrayEquals(new double[]{0.9, 0.07, -0.4}, chosen.read(EMBEDDING), 0);
        assertArrayEquals(new double[]{1, 4, 2}, chosen.read("{\"score\":1,\"embedding\":[1,2,3,4,5,6]}"), 0);
        // Arrays of strings and booleans hold no column; a bare array line is not an object here.
        assertEquals(List.of("x"), JsonRecords.numericFields("{\"tags\":[\"a\",\"b\"],\"flags\":[true],\"x\":1}"));
        // ... and are named, each array once, with what they hold.
        assertEquals("4 fields that are not numbers (tags: text, flags: true/false, site.name: text, reading: null) left out",
                JsonRecords.fieldsLeftOut("{\"tags\":[\"a\",\"b\"],\"flags\":[true],\"x\":1,\"site\":{\"name\":\"n\",\"z\":2},\"reading\":null}"));
        assertEquals("1 field that is not a number (ok: true/false) left out", JsonRecords.fieldsLeftOut("{\"x\":1,\"ok\":false}"));
        assertNull(JsonRecords.fieldsLeftOut("{\"x\":1,\"v\":[1,2],\"o\":{\"y\":3}}"));
    }

    @Test
    void nestedArraysAndObjectsInsideArraysCombineWithDottedPaths() {
        String text = "{\"m\":[[1,2],[3,4]],\"a\":[{\"x\":5,\"s\":\"no\"},{\"x\":6}],\"sensor\":{\"temp\":7,\"hist\":[8,9]}}";
        List<String> fields = List.of("m[0][0]", "m[0][1]", "m[1][0]", "m[1][1]", "a[0].x", "a[1].x", "sensor.temp", "sensor.hist[0]", "sensor.hist[1]");
        assertEquals(fields, JsonRecords.numericFields(text));
        assertArrayEquals(new double[]{1, 2, 3, 4, 5, 6, 7, 8, 9}, new JsonRecords(fields, true).read(text), 0);
        assertArrayEquals(new double[]{6, 3, 9}, new JsonRecords(List.of("a[1].x", "m[1][0]", "sensor.hist[1]"), false).read(text), 0);
        assertEquals(text.replace(",\"s\":\"no\"", ""), JsonRecords.write(fields, new double[]{1, 2, 3, 4, 5, 6, 7, 8, 9}));
    }

    @Test
    void aLearnedArrayOfAnotherLengthOrWithABadElementIsAProblemNamingTheElement() {
        JsonRecords records = new JsonRecords(COLUMNS, true);
        RecordProblem longer = problem(records, "{\"embedding\":[1,2,3,4,5,6],\"score\":1}");
        assertEquals(RecordProblem.Kind.FIELDS_CHANGED, longer.kind());
        assertTrue(longer.getMessage().startsWith("numeric field(s) [embedding[4], embedding[5]] are not among the stream's columns"), longer.getMessage());
        RecordProblem nested = problem(records, "{\"embedding\":[1,2,3,4,{\"x\":5}],\"score\":1}");
        assertEquals(RecordProblem.Kind.FIELDS_CHANGED, nested.kind());
        assertTrue(nested.getMessage().startsWith("numeric field(s) [embedding[4].x]"), nested.getMessage());

        RecordProblem shorter = problem(records, "{\"embedding\":[1,2],\"score\":1}");
        assertEquals(RecordProblem.Kind.MISSING_FIELD, shorter.kind());
        assertEquals("field embedding[2] is missing", shorter.getMessage());
        assertEquals("embedding[2]", shorter.field());

        RecordProblem nullElement = problem(records, "{\"embedding\":[1,null,3,4],\"score\":1}");
        assertEquals(RecordProblem.Kind.NULL_FIELD, nullElement.kind());
        assertEquals("field embedding[1] is null", nullElement.getMessage());
        assertEquals("embedding[1]", nullElement.field());
        RecordProblem string = problem(records, "{\"embedding\":[1,2,\"three\",4],\"score\":1}");
        assertEquals(RecordProblem.Kind.NON_NUMERIC, string.kind());
        assertEquals("field embedding[2] is not a number: 'three'", string.getMessage());
        assertArrayEquals(new double[]{1, 2, 3, 4, 1}, records.read("{\"embedding\":[1,2,\"3\",4],\"score\":\"1\"}"), "numbers written as strings are those numbers");
        RecordProblem nan = problem(records, "{\"embedding\":[1,2,3,NaN],\"score\":1}");
        assertEquals(RecordProblem.Kind.NON_FINITE, nan.kind());
        assertEquals("field embedding[3] is not finite: NaN", nan.getMessage());
        assertEquals("field embedding[0] is an array, not a number (its elements are fields embedding[0][0], embedding[0][1], ...)", problem(records, "{\"embedding\":[[1],2,3,4],\"score\":1}").getMessage());
        // A number where the array was: its elements are missing (checked before the extra numeric field, as for scalar fields).
        RecordProblem notArray = problem(records, "{\"embedding\":5,\"score\":1}");
        assertEquals(RecordProblem.Kind.MISSING_FIELD, notArray.kind());
        assertEquals("field embedding[0] is missing", notArray.getMessage());

        // Nested elements read by the general walk report the same way.
        JsonRecords matrix = new JsonRecords(List.of("m[0][0]", "m[0][1]", "m[1][0]", "m[1][1]"), true);
        assertEquals("field m[1][1] is missing", problem(matrix, "{\"m\":[[1,2],[3]]}").getMessage());
        assertEquals("field m[0][1] is null", problem(matrix, "{\"m\":[[1,null],[3,4]]}").getMessage());
        assertTrue(problem(matrix, "{\"m\":[[1,2],[3,4,5]]}").getMessage().startsWith("numeric field(s) [m[1][2]]"));
    }

    @Test
    void aLongListOfNamesIsCutInTheMessage() {
        List<String> fields = new ArrayList<>();
        StringBuilder text = new StringBuilder("{\"e\":[");
        for (int k = 0; k < 768; k++) {
            fields.add("e[" + k + "]");
            text.append(k == 0 ? "" : ",").append(k);
        }
        RecordProblem p = problem(new JsonRecords(fields, true), text + ",1,2]}");
        assertEquals("numeric field(s) [e[768], e[769]] are not among the stream's columns [e[0], e[1], e[2], e[3], e[4], e[5], e[6], e[7], e[8], e[9], ... (768 in all)]"
                + " (set input.fields to choose the columns)", p.getMessage());
    }

    @Test
    void writtenRecordsHaveTheArraysShapeAndReadBackToTheSameDoubles() {
        Random rng = new Random(11);
        double[] values = new double[COLUMNS.size()];
        for (int i = 0; i < values.length; i++) values[i] = rng.nextGaussian() * Math.pow(10, rng.nextInt(12) - 6);
        values[2] = 3;   // a whole number is written without ".0"
        String written = JsonRecords.write(COLUMNS, values);
        assertTrue(written.matches("\\{\"embedding\":\\[[^\\[\\]{}]+],\"score\":[^,\\[\\]{}]+}"), written);
        assertFalse(written.contains("id"), "fields that are not columns are not written");
        assertTrue(written.contains(",3,"), written);
        assertEquals(COLUMNS, JsonRecords.numericFields(written));
        assertArrayEquals(values, new JsonRecords(COLUMNS, true).read(written), 0);
        // The elements go to their index, whatever the columns' order; an object's fields keep the columns' order.
        assertEquals("{\"score\":3,\"embedding\":[1,2]}", JsonRecords.write(List.of("score", "embedding[1]", "embedding[0]"), new double[]{3, 2, 1}));
        // Through the record writer, as sample --out and the generated topic write them.
        RecordWriter writer = new RecordWriter(RecordSchema.named(RecordSchema.Format.JSON, COLUMNS));
        assertEquals(written, new String(writer.write(values), java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void layoutsThatAreNotOneRecordAreRefused() {
        assertEquals("field a.x makes a an object, but another field makes it an array",
                assertThrows(IllegalArgumentException.class, () -> JsonRecords.tree(List.of("a[0]", "a.x"))).getMessage());
        assertEquals("field a[0] makes a an array, but another field makes it an object",
                assertThrows(IllegalArgumentException.class, () -> JsonRecords.tree(List.of("a.x", "a[0]"))).getMessage());
        assertEquals("the array a has no element a[1] among the fields, but one after it: an array's elements are written whole, a[0] to a[2]",
                assertThrows(IllegalArgumentException.class, () -> JsonRecords.tree(List.of("a[0]", "a[2]"))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JsonRecords.tree(List.of("b", "m[1][0]", "m[1][1]"))).getMessage()
                .startsWith("the array m has no element m[0]"));
        assertEquals("field a[0][1] is inside the number a[0]",
                assertThrows(IllegalArgumentException.class, () -> JsonRecords.tree(List.of("a[0]", "a[0][1]"))).getMessage());
        assertEquals("field a holds other fields", assertThrows(IllegalArgumentException.class, () -> JsonRecords.tree(List.of("a[0]", "a"))).getMessage());
        // Brackets that are not an index are part of a name.
        assertEquals("{\"x[y\":1,\"z[01]\":2}", JsonRecords.write(List.of("x[y", "z[01]"), new double[]{1, 2}));
    }

    @Test
    void aChosenArrayNameStandsForItsNumericElements() {
        assertEquals(COLUMNS, JsonRecords.expandArrays(List.of("embedding", "score"), EMBEDDING));
        assertEquals(List.of("score", "embedding[3]"), JsonRecords.expandArrays(List.of("score", "embedding[3]"), EMBEDDING));
        assertEquals(List.of("m[0][0]", "m[0][1]", "m[1][0]", "x"), JsonRecords.expandArrays(List.of("m", "x"), "{\"m\":[[1,2],[3]],\"n\":[4],\"x\":5}"));
        // Names that are not arrays stay, for the reader to report.
        assertEquals(List.of("absent", "id"), JsonRecords.expandArrays(List.of("absent", "id"), EMBEDDING));
        RecordProblem empty = assertThrows(RecordProblem.class, () -> JsonRecords.expandArrays(List.of("tags"), "{\"tags\":[\"a\"]}"));
        assertEquals("field tags is an array without a number", empty.getMessage());
    }

    @Test
    void anArrayChosenByNameIsReadWholeSoALongerOneIsAChangedFieldSet() {
        List<String> columns = JsonRecords.expandArrays(List.of("embedding", "score"), EMBEDDING);
        JsonRecords records = new JsonRecords(columns, false, ArraySelection.arraysOf(List.of("embedding", "score"), columns));
        assertArrayEquals(new double[]{0.12, -0.4, 3, 0.07, 0.9}, records.read(EMBEDDING.replace("\"id\"", "\"rank\":4,\"id\"")), 0);   // other numbers ignored
        RecordProblem longer = assertThrows(RecordProblem.class, () -> records.read("{\"embedding\":[1,2,3,4,5,6],\"score\":1}"));
        assertEquals(RecordProblem.Kind.FIELDS_CHANGED, longer.kind());
        assertEquals("field embedding[4] is not among the stream's columns: the array embedding has 6 elements, 4 learned", longer.getMessage());
        assertEquals("embedding[4]", longer.field());
        // Nested: each inner array is held to its own learned length (a ragged first record's too), and the outer array to its own.
        List<String> grid = JsonRecords.expandArrays(List.of("m"), "{\"m\":[[1,2],[3]]}");
        JsonRecords nested = new JsonRecords(grid, false, ArraySelection.arraysOf(List.of("m"), grid));
        assertArrayEquals(new double[]{5, 6, 7}, nested.read("{\"m\":[[5,6],[7]]}"), 0);
        assertEquals("field m[1][1] is not among the stream's columns: the array m[1] has 2 elements, 1 learned",
                problem(nested, "{\"m\":[[1,2],[3,4]]}").getMessage());
        assertEquals("field m[2] is not among the stream's columns: the array m has 3 elements, 2 learned",
                problem(nested, "{\"m\":[[1,2],[3],[]]}").getMessage());
        // Chosen element by element, the array is not whole: the elements after them are not read.
        assertArrayEquals(new double[]{1, 2}, new JsonRecords(List.of("embedding[0]", "embedding[1]"), false).read("{\"embedding\":[1,2,3]}"), 0);
    }

    @Test
    void columnsAreMatchedBackToTheChosenNames() {
        assertEquals(java.util.Set.of("embedding"), ArraySelection.arraysOf(List.of("embedding", "score"), COLUMNS));
        assertEquals(java.util.Set.of(), ArraySelection.arraysOf(List.of("a", "b"), List.of("a", "b")));
        assertNull(ArraySelection.arraysOf(List.of("embedding", "score"), List.of("score", "embedding[0]")), "another order");
        assertNull(ArraySelection.arraysOf(List.of("embedding", "score"), List.of("embedding[0]")), "a name without columns");
        assertNull(ArraySelection.arraysOf(List.of("embedding"), List.of("embedding[0]", "rank")), "a column not chosen");
    }

    /**
     * The parser reads numbers with FastDoubleParser, not Double.parseDouble: every number must still
     * be the double Double.parseDouble gives, in the cases where a fast parser could round otherwise
     * (17+ significant digits, halfway cases, subnormals, the ends of the exponent range, integers
     * past 2⁵³), in JSON's own number syntax.
     */
    @Test
    void everyNumberIsTheDoubleThatDoubleParseDoubleGives() {
        Random rng = new Random(16);
        List<String> numbers = new ArrayList<>(List.of(
                "4.9e-324", "2.4703282292062327e-324", "2.4703282292062328e-324", "2.2250738585072011e-308",
                "2.2250738585072012e-308", "1.7976931348623157e308", "9007199254740993", "9007199254740992.5",
                "0.1000000000000000055511151231257827021181583404541015625", "1.00000000000000011102230246251565404236316680908203125",
                "1.00000000000000011102230246251565404236316680908203124", "-0.0", "1E-5", "-2.5E+3",
                "123456789012345678901234567890", "0.000000000000000000000000000001234567890123456789"));
        for (int k = 0; k < 3000; k++) {
            double v = Double.longBitsToDouble(rng.nextLong());
            if (Double.isFinite(v)) numbers.add(Double.toString(v));
            StringBuilder digits = new StringBuilder(rng.nextBoolean() ? "-" : "");
            digits.append((char) ('1' + rng.nextInt(9)));
            int n = rng.nextInt(25);
            for (int j = 0; j < n; j++) digits.append((char) ('0' + rng.nextInt(10)));
            if (n > 0 && rng.nextBoolean()) digits.insert(digits.length() - 1 - rng.nextInt(n), '.');   // a digit on each side, as JSON asks
            if (rng.nextBoolean()) digits.append('e').append(rng.nextInt(600) - 330);
            if (Double.isFinite(Double.parseDouble(digits.toString()))) numbers.add(digits.toString());
        }
        String record = "{\"v\":[" + String.join(",", numbers) + "]}";
        double[] read = new JsonRecords(JsonRecords.numericFields(record), true).read(record);
        assertEquals(numbers.size(), read.length);
        for (int i = 0; i < read.length; i++) {
            String text = numbers.get(i);
            double value = read[i];
            assertEquals(Double.doubleToRawLongBits(Double.parseDouble(text)), Double.doubleToRawLongBits(value), () -> "number " + text + " read as " + value);
        }
    }
}
