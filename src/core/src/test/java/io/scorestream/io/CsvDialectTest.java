package io.scorestream.io;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** A CSV file's dialect, learned as it is read and kept for the rows written back (CsvDialect). */
class CsvDialectTest {
    @TempDir Path dir;

    private CsvDialect dialectOf(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return CsvVectors.readTable(p, List.of(), -1, null).dialect();
    }

    private CsvDialect dialectOf(String name, String content) throws IOException {
        return dialectOf(name, content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void eachFileIsReadInTheDialectItIsWrittenIn() throws IOException {
        CsvDialect europe = new CsvDialect(';', ',', StandardCharsets.UTF_8);
        assertEquals(europe, dialectOf("a.csv", "a;b\n1,5;-2\n0,125;3e2\n"));
        assertEquals(europe, dialectOf("q.csv", "\"a\";\"b\"\n\"1,5\";-2\n"), "a quoted decimal comma");
        assertEquals(europe, dialectOf("p.csv", "a;b\n12,5%;2\n3%;4\n"), "a percentage's decimal comma");
        assertEquals(new CsvDialect(';', '.', StandardCharsets.UTF_8), dialectOf("s.csv", "a;b\n1.5;-2\n0.125;300\n"));
        assertEquals(new CsvDialect(';', '.', StandardCharsets.UTF_8), dialectOf("w.csv", "a;b\n1;2\n3;4\n"), "whole numbers: no decimal mark seen");
        assertEquals(europe, dialectOf("t.txt", "a\tb\n1,5\t2\n"), "decimal commas between tabs: a .csv of them takes semicolons");
        assertEquals(CsvDialect.STANDARD, dialectOf("c.csv", "a,b\n1.5,2\n\"1,000\",3\n"));
        assertEquals(new CsvDialect(',', '.', StandardCharsets.UTF_8, true), dialectOf("bom.csv", "\uFEFFa,b\n1.5,2\n"), "Excel's CSV UTF-8");
        assertEquals(CsvDialect.STANDARD, dialectOf("t.tsv", "a\tb\n1.5\t2\n"));
        assertEquals(CsvDialect.STANDARD, dialectOf("b.txt", "id|x\n1|2.5\n"));
        // A label holding a comma is no decimal comma.
        assertEquals(new CsvDialect(';', '.', StandardCharsets.UTF_8), dialectOf("l.csv", "town;x\n\"Bern, BE\";1.5\n\"Bern, BE\";2.5\nBasel;3\nBasel;4\n"));
        assertEquals(new CsvDialect(';', ',', StandardCharsets.ISO_8859_1),
                dialectOf("l1.csv", "Ort;t\nZ\u00fcrich;1,5\nBasel;2,5\nZ\u00fcrich;3\nBasel;4\n".getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void rowsAreWrittenBackInTheirDialectAndReadToTheSameDoubles() throws IOException {
        CsvDialect europe = new CsvDialect(';', ',', StandardCharsets.ISO_8859_1);
        RecordSchema columns = RecordSchema.named(RecordSchema.Format.CSV, List.of("Ort", "Temperatur", "Anteil", "H\u00f6he"))
                .withLabels(List.of(List.of("St. Gallen", "Z\u00fcrich"), List.of(), List.of(), List.of()))
                .withTextForms(List.of("", "", new NumberForm("", "%", false, NumberForm.AS_NEEDED).pattern(), ""))
                .withDialect(europe);
        DMatrixRMaj rows = new DMatrixRMaj(new double[][]{{0, 11.25, 12.5, 408}, {1, -0.5, 3, 1e-5}, {0, 2, 0.5, 7}, {1, 3, 4, 8}});
        Path out = dir.resolve("gen.csv");
        CsvVectors.write(out, rows, columns);
        byte[] bytes = Files.readAllBytes(out);
        // The label keeps its point, the numbers and the percentage take commas; the file is Latin-1.
        assertEquals("Ort;Temperatur;Anteil;H\u00f6he\nSt. Gallen;11,25;12,5%;408\nZ\u00fcrich;-0,5;3%;0,00001\nSt. Gallen;2;0,5%;7\nZ\u00fcrich;3;4%;8\n",
                new String(bytes, StandardCharsets.ISO_8859_1));
        assertEquals((byte) 0xf6, bytes["Ort;Temperatur;Anteil;H".length()], "\u00f6 as one Latin-1 byte");
        CsvVectors.Table back = CsvVectors.readTable(out, List.of(), -1, null);
        assertArrayEquals(rows.data, back.rows().data, 0.0);
        assertEquals(europe, back.dialect());
        // A .tsv file of them: tabs, the decimal commas kept.
        Path tsv = dir.resolve("gen.tsv");
        CsvVectors.write(tsv, rows, columns);
        assertTrue(Files.readString(tsv, StandardCharsets.ISO_8859_1).startsWith("Ort\tTemperatur\tAnteil\tH\u00f6he\nSt. Gallen\t11,25\t12,5%\t408\nZ\u00fcrich\t-0,5\t3%\t0,00001\n"));
        assertArrayEquals(rows.data, CsvVectors.readTable(tsv, List.of(), -1, null).rows().data, 0.0);
        // A byte-order mark read is written (Excel reads UTF-8 by it), and read back as none of the header.
        Path marked = dir.resolve("marked.csv");
        CsvVectors.write(marked, rows, columns.withDialect(new CsvDialect(';', ',', StandardCharsets.UTF_8, true)));
        byte[] markedBytes = Files.readAllBytes(marked);
        assertArrayEquals(new byte[]{(byte) 0xef, (byte) 0xbb, (byte) 0xbf, 'O', 'r', 't'}, java.util.Arrays.copyOf(markedBytes, 6));
        assertEquals(columns.names(), CsvVectors.readTable(marked, List.of(), -1, null).names());
        assertEquals(new CsvDialect(';', ',', StandardCharsets.UTF_8, true), CsvVectors.readTable(marked, List.of(), -1, null).dialect());
        assertThrows(IllegalArgumentException.class, () -> new CsvDialect(';', ',', StandardCharsets.ISO_8859_1, true));
        // Of ASCII alone no mark is written: it would only reach readers that keep it in the first name (pandas).
        Path ascii = dir.resolve("ascii.csv");
        CsvVectors.write(ascii, new DMatrixRMaj(new double[][]{{1.5, 2}}), RecordSchema.named(RecordSchema.Format.CSV, List.of("a", "b"))
                .withDialect(new CsvDialect(',', '.', StandardCharsets.UTF_8, true)));
        assertEquals("a,b\n1.5,2\n", Files.readString(ascii));
        // A record is written in its columns' dialect (a feed's, where it is told one); standard columns write a standard line.
        assertEquals("St. Gallen;11,25;12,5%;408", new String(new RecordWriter(columns).write(new double[]{0, 11.25, 12.5, 408}), StandardCharsets.UTF_8));
        assertEquals("St. Gallen,11.25,12.5%,408", new String(new RecordWriter(columns.withDialect(CsvDialect.STANDARD)).write(new double[]{0, 11.25, 12.5, 408}), StandardCharsets.UTF_8));
    }

    @Test
    void thousandsGroupedByPointsAreReadWhereCommasAreDecimalMarks() throws IOException {
        Path p = dir.resolve("g.csv");
        Files.writeString(p, "Umsatz;Betrag;n\n1.234,50;1.234,50 \u20ac;1.234\n-12.345.678;12,00 \u20ac;2\n980,25;1.000.000 \u20ac;3\n0,5;7 \u20ac;4\n");
        CsvVectors.Table t = CsvVectors.readTable(p, List.of(), -1, null);
        assertArrayEquals(new double[]{1234.5, 1234.5, 1.234, -12345678, 12, 2, 980.25, 1e6, 3, 0.5, 7, 4}, t.rows().data, 0.0);
        assertEquals(new CsvDialect(';', ',', StandardCharsets.UTF_8), t.dialect());
        // The amounts are written back grouped, as read; a plain number plain (as a comma-separated file's "1,234" is).
        RecordSchema columns = RecordSchema.named(RecordSchema.Format.CSV, t.names()).withTextForms(t.textForms()).withDialect(t.dialect());
        Path out = dir.resolve("out.csv");
        CsvVectors.write(out, t.rows(), columns);
        // (the amounts' decimals differ, 2 and 0: each as many as its number needs, as in any file)
        assertEquals("Umsatz;Betrag;n\n1234,5;1.234,5 \u20ac;1,234\n-12345678;12 \u20ac;2\n980,25;1.000.000 \u20ac;3\n0,5;7 \u20ac;4\n", Files.readString(out));
        assertArrayEquals(t.rows().data, CsvVectors.readTable(out, List.of(), -1, null).rows().data, 0.0);
        // 1.234 beside 1.234,50 in one column may be either: refused, with both lines named.
        Path both = dir.resolve("b.csv");
        Files.writeString(both, "a;b\n1.234,50;1\n2.345;2\n980,25;3\n");
        InputException e = assertThrows(InputException.class, () -> CsvVectors.readTable(both, List.of(), -1, null));
        assertEquals(both + ": field 1 (a) groups thousands with points ('1.234,50' on line 2), so '2.345' on line 3 may be a decimal or a whole number:"
                + " write every value of it with its decimals (1.234,00) or without points (1234)", e.getMessage());
        // Where commas separate the fields a point is a decimal point, as before: 1.234.567 is text there.
        Path comma = dir.resolve("c.csv");
        Files.writeString(comma, "a,b\n1.234.567,1\n1.234.568,2\n");
        assertEquals(List.of("b"), CsvVectors.readTable(comma, List.of(), -1, null).names());
    }

    @Test
    void aSchemasDialectTravelsWithItAndTheStandardOneLeavesTheBytesAsBefore() throws IOException {
        RecordSchema plain = RecordSchema.named(RecordSchema.Format.CSV, List.of("a", "b"));
        for (CsvDialect dialect : List.of(CsvDialect.STANDARD, new CsvDialect(';', ',', StandardCharsets.ISO_8859_1), new CsvDialect(';', '.', StandardCharsets.UTF_8),
                new CsvDialect(',', '.', StandardCharsets.UTF_8, true))) {
            RecordSchema schema = plain.withDialect(dialect);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            RecordSchema.writeWithDimension(new DataOutputStream(bytes), schema, 2);
            RecordSchema.WithDimension back = RecordSchema.readWithDimension(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            assertEquals(schema, back.schema());
            assertEquals(2, back.dimension());
            int marker = java.nio.ByteBuffer.wrap(bytes.toByteArray(), 0, 4).getInt();
            assertEquals(dialect.isStandard() ? RecordSchema.COLUMNS_FOLLOW : RecordSchema.COLUMNS_AND_DIALECT_FOLLOW, marker);
        }
        // The standard dialect's bytes are those of a schema written before dialects: marker, schema, dimension.
        ByteArrayOutputStream before = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(before);
        out.writeInt(RecordSchema.COLUMNS_FOLLOW);
        plain.write(out);
        out.writeInt(2);
        ByteArrayOutputStream now = new ByteArrayOutputStream();
        RecordSchema.writeWithDimension(new DataOutputStream(now), plain, 2);
        assertArrayEquals(before.toByteArray(), now.toByteArray());
        // The withers keep it.
        RecordSchema europe = plain.withDialect(new CsvDialect(';', ',', StandardCharsets.UTF_8));
        assertEquals(europe.dialect(), europe.withLabels(List.of(List.of(), List.of("x", "y"))).withTextForms(List.of("", "")).inFormat(RecordSchema.Format.JSON).dialect());
        assertThrows(IllegalArgumentException.class, () -> new CsvDialect(',', ',', StandardCharsets.UTF_8));
    }
}
