package io.scorestream.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

import static io.scorestream.cli.RealFileShapesCommandTest.fitAndSample;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Weka's ARFF files, as UCI and OpenML ship data sets, through {@code fit}, {@code sample},
 * {@code eval} and {@code bench-quality} as a user with an OpenML download runs them: the
 * @attribute names are the columns, a nominal attribute is labels of its declared set, sparse
 * rows are zeros where they list nothing, {@code ?} is a missing value as in a CSV file, and a
 * malformed file is one line naming its line.
 */
class ArffInputCommandTest {
    @TempDir Path dir;

    private static final String[] SPECIES = {"Iris-setosa", "Iris versicolor", "Iris-virginica"};

    /** An iris-like ARFF: quoted names with spaces, a nominal class of three (one quoted, one declared and never used), a nominal of digits. */
    private static String iris(int rows) {
        StringBuilder text = new StringBuilder("% iris, as UCI ships it\n%\n@RELATION iris\n\n@attribute 'sepal length' REAL\n@Attribute \"petal width\" numeric\n"
                + "@attribute flag {0,1}\n@attribute class {Iris-setosa,'Iris versicolor',Iris-virginica,Iris-unseen}\n\n@DATA\n");
        Random rng = new Random(13);
        for (int i = 0; i < rows; i++) {
            int c = i % 3;
            text.append(String.format(Locale.ROOT, "%.1f,%.1f,%d,%s%n", 4.5 + c + rng.nextDouble(), 0.2 + 0.8 * c + 0.3 * rng.nextDouble(), i % 2,
                    c == 1 ? "'" + SPECIES[c] + "'" : SPECIES[c]));
            if (i == 10) text.append("% a comment among the rows, as Weka allows\n");
        }
        return text.toString();
    }

    /**
     * Before, fit refused an ARFF file ("put the @attribute names above them as a header line").
     * Now its names head the generated CSV (quoted ones with their spaces), every class is one of
     * the declared labels, a nominal of 0 and 1 is labels (as a CSV column it was numbers), and
     * every number lies within its column's range.
     */
    @Test
    void anIrisArffFitsAndSamplesItsDeclaredLabels() throws IOException {
        Path data = Files.writeString(dir.resolve("iris.arff"), iris(150)), model = dir.resolve("m.bin"), out = dir.resolve("gen.csv");
        CliRun fit = fitAndSample(data, model, out, 300);
        assertTrue(fit.err().contains("150 samples of dimension 4 from " + data + ", columns csv [sepal length, petal width, flag, class]"), fit.err());
        assertTrue(fit.err().contains("column 3 (flag): 2 labels, learned as their indices 0..1: 0, 1"), fit.err());
        assertTrue(fit.err().contains("column 4 (class): 3 labels, learned as their indices 0..2: Iris versicolor, Iris-setosa, Iris-virginica"), fit.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals("sepal length,petal width,flag,class", lines.get(0));
        assertEquals(301, lines.size());
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            assertEquals(4, f.length, line);
            assertTrue(Double.parseDouble(f[0]) >= 4.5 && Double.parseDouble(f[0]) <= 7.5, line);
            assertTrue(Double.parseDouble(f[1]) >= 0.2 && Double.parseDouble(f[1]) <= 2.1, line);
            assertTrue(Set.of("0", "1").contains(f[2]), line);
            assertTrue(Set.of(SPECIES).contains(f[3]), line);
        }
        CliRun eval = CliRun.of("eval", "--generated", out.toString(), "--reference", data.toString());
        assertEquals(0, eval.exitCode(), eval.err());
    }

    /**
     * sample --out gen.arff writes ARFF (it wrote CSV under that name): the names quoted where they
     * hold spaces, numbers numeric, the labels learned as the nominal set; fit reads it back alike.
     */
    @Test
    void sampleWritesAnArffThatReadsBack() throws IOException {
        Path data = Files.writeString(dir.resolve("iris.arff"), iris(150)), model = dir.resolve("m.bin"), out = dir.resolve("gen.arff");
        fitAndSample(data, model, out, 200);
        List<String> lines = Files.readAllLines(out);
        assertEquals(List.of("@relation gen", "", "@attribute 'sepal length' numeric", "@attribute 'petal width' numeric", "@attribute flag {0,1}",
                "@attribute class {'Iris versicolor',Iris-setosa,Iris-virginica}", "", "@data"), lines.subList(0, 8));
        assertEquals(208, lines.size());
        for (String line : lines.subList(8, lines.size()))
            assertTrue(line.matches("[0-9.]+,[0-9.]+,[01],('Iris versicolor'|Iris-setosa|Iris-virginica)"), line);
        CliRun again = CliRun.fit(out, dir.resolve("again.bin"), 4);
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.err().contains("column 3 (flag): 2 labels, learned as their indices 0..1: 0, 1"), again.err());   // as bench-quality's training file declares them
        assertTrue(again.err().contains("column 4 (class): 3 labels, learned as their indices 0..2: Iris versicolor, Iris-setosa, Iris-virginica"), again.err());
    }

    /** A sparse row lists only its nonzero values: an attribute never listed is 0 in every row read, so in every row generated; a nominal one its first value. */
    @Test
    void sparseRowsReadUnlistedAttributesAsZero() throws IOException {
        StringBuilder text = new StringBuilder("@relation sparse\n@attribute never numeric\n@attribute x numeric\n@attribute kind {none,some}\n@data\n");
        Random rng = new Random(5);
        for (int i = 0; i < 200; i++)
            text.append(i % 2 == 0 ? String.format(Locale.ROOT, "{1 %.3f}%n", 5 + rng.nextDouble()) : "{2 some}\n");
        Path data = Files.writeString(dir.resolve("sparse.arff"), text), model = dir.resolve("m.bin"), out = dir.resolve("gen.csv");
        fitAndSample(data, model, out, 200);
        List<String> lines = Files.readAllLines(out);
        assertEquals("never,x,kind", lines.get(0));
        int nones = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            assertEquals("0", f[0], line);
            double x = Double.parseDouble(f[1]);
            assertTrue(x == 0 || (x >= 5 && x <= 6), line);
            assertTrue(Set.of("none", "some").contains(f[2]), line);
            if (f[2].equals("none")) nones++;
        }
        assertTrue(nones > 40 && nones < 160, "the rows listing x have kind none: " + nones);
    }

    /** ARFF's ? is a missing value as a CSV file's is: the same one line without --drop-incomplete, the row left out and counted with it. */
    @Test
    void aQuestionMarkIsAMissingValueAsInCsv() throws IOException {
        String rows = "1,x\n2,y\n?,x\n3,y\n1,x\n2,y\n3,x\n";
        Path arff = Files.writeString(dir.resolve("miss.arff"), "@relation r\n@attribute a numeric\n@attribute c {x,y}\n@data\n" + rows);
        Path csv = Files.writeString(dir.resolve("miss.csv"), "a,c\n" + rows);
        String csvLine = CliRun.fit(csv, dir.resolve("c.bin"), 4).singleErrorLine();
        assertEquals("scorestream fit: " + csv + ":4: field 1 (a) is '?': a missing value (--drop-incomplete leaves out rows with a missing value)", csvLine);
        assertEquals(csvLine.replace(csv + ":4:", arff + ":7:"), CliRun.fit(arff, dir.resolve("a.bin"), 4).singleErrorLine());
        CliRun dropped = CliRun.fit(arff, dir.resolve("a.bin"), 4, "--drop-incomplete");
        assertEquals(0, dropped.exitCode(), dropped.err());
        assertTrue(dropped.err().contains("left out 1 of 7 rows with a missing value (first missing: a 1)"), dropped.err());
    }

    /** Each malformed file: one line naming the file, its line and what is wrong, exit 2. */
    @Test
    void aMalformedArffIsOneLineNamingItsLine() throws IOException {
        String head = "@relation r\n@attribute a numeric\n@attribute c {x,y}\n";
        assertEquals(": 6: expected 2 values, found 3", problem("count.arff", head + "@data\n1,x\n2,y,3\n"));
        assertEquals(": 6: field 2 (c) is 'z', which is none of the values its @attribute on line 3 declares (x, y)", problem("nominal.arff", head + "@data\n1,x\n2,z\n"));
        assertEquals(": 3: @attribute b has type 'blob', which is none of ARFF's (numeric, real, integer, string, date, relational, or {the nominal values})",
                problem("type.arff", "@relation r\n@attribute a numeric\n@attribute b blob\n@data\n1,2\n"));
        assertEquals(": 4: expected @attribute or @data in an ARFF header, found '1,x'", problem("nodata.arff", head + "1,x\n"));
        assertEquals(": 3: the ARFF header ends without a @data line (the rows follow it)", problem("ends.arff", head));
        assertEquals(": 3: @attribute bag is relational (multi-instance bags of rows), which fit does not read: write each bag's rows as rows of their own",
                problem("bags.arff", "@relation r\n@attribute id {1,2}\n@attribute bag relational\n@attribute a numeric\n@end bag\n@data\n"));
        assertEquals(": 5: a sparse row's index 4 is none of the 2 attributes' (0 to 1)", problem("index.arff", head + "@data\n{4 1}\n"));
        assertEquals(": 6: field 1 (a) is not a number: 'abc' (--fields chooses the columns to learn)", problem("word.arff", head + "@data\n1,x\nabc,y\n"));
        // Spaces separate values as in Weka, so an unquoted value holding one is two values.
        assertEquals(": 6: expected 2 values, found 3", problem("spaced.arff", head + "@data\n1 x\n2 y y\n"));
    }

    /** Rows whose values are separated by spaces, as Weka's tokenizer reads them, fit as the same rows with commas do: every row once. */
    @Test
    void rowsSeparatedBySpacesFitAsWithCommas() throws IOException {
        String head = "@relation r\n@attribute a numeric\n@attribute b numeric\n@attribute c {x,'y z'}\n@data\n";
        StringBuilder spaced = new StringBuilder(head), commas = new StringBuilder(head);
        Random rng = new Random(5);
        for (int i = 0; i < 60; i++) {
            String a = String.format(Locale.ROOT, "%.2f", rng.nextGaussian()), b = String.format(Locale.ROOT, "%.2f", 3 + rng.nextGaussian()), c = i % 3 == 0 ? "'y z'" : "x";
            spaced.append(a).append(i % 2 == 0 ? " " : "\t ").append(b).append("  ").append(c).append('\n');
            commas.append(a).append(',').append(b).append(',').append(c).append('\n');
        }
        Path space = Files.writeString(dir.resolve("space.arff"), spaced.toString()), comma = Files.writeString(dir.resolve("comma.arff"), commas.toString());
        CliRun fromSpaces = CliRun.fit(space, dir.resolve("s.bin"), 4), fromCommas = CliRun.fit(comma, dir.resolve("c.bin"), 4);
        assertEquals(0, fromSpaces.exitCode(), fromSpaces.err());
        assertTrue(fromSpaces.err().contains("60 samples of dimension 3 from " + space + ", columns csv [a, b, c]"), fromSpaces.err());
        // The same rows give the same model (the files differ only in their time stamp): the same samples.
        for (String m : List.of("s", "c"))
            assertEquals(0, CliRun.of("sample", "--model", dir.resolve(m + ".bin").toString(), "--n", "50", "--seed", "3", "--out", dir.resolve(m + ".csv").toString()).exitCode());
        assertEquals(Files.readAllLines(dir.resolve("c.csv")), Files.readAllLines(dir.resolve("s.csv")));
        assertEquals(51, Files.readAllLines(dir.resolve("s.csv")).size());
    }

    /**
     * A declared nominal NA (North America) is a label through fit, sample and back: only ? is
     * missing, and the generated CSV quotes "NA" so that it reads back as the label.
     */
    @Test
    void aDeclaredNominalNaIsALabelThroughFitSampleAndBack() throws IOException {
        StringBuilder text = new StringBuilder("@relation r\n@attribute x numeric\n@attribute region {NA, EU}\n@data\n");
        Random rng = new Random(7);
        for (int i = 0; i < 60; i++)
            text.append(String.format(Locale.ROOT, "%.2f", (i % 2 == 0 ? 0 : 5) + rng.nextGaussian())).append(',').append(i % 2 == 0 ? "NA" : "EU").append('\n');
        text.append("2.5,?\n");
        Path arff = Files.writeString(dir.resolve("regions.arff"), text.toString());
        assertTrue(CliRun.fit(arff, dir.resolve("na.bin"), 4).singleErrorLine().endsWith(arff + ":65: field 2 (region) is '?': a missing value (--drop-incomplete leaves out rows with a missing value)"));
        CliRun fit = CliRun.of("fit", "--input", arff.toString(), "--model", dir.resolve("na.bin").toString(), "--drop-incomplete");
        assertEquals(0, fit.exitCode(), fit.err());
        assertTrue(fit.err().contains("left out 1 of 61 rows with a missing value (first missing: region 1)"), fit.err());
        assertTrue(fit.err().contains("column 2 (region): 2 labels, learned as their indices 0..1: EU, \"NA\""), fit.err());
        Path generated = dir.resolve("na-gen.csv");
        assertEquals(0, CliRun.of("sample", "--model", dir.resolve("na.bin").toString(), "--n", "400", "--seed", "2", "--out", generated.toString()).exitCode());
        List<String> lines = Files.readAllLines(generated);
        long na = lines.stream().filter(l -> l.endsWith(",\"NA\"")).count(), eu = lines.stream().filter(l -> l.endsWith(",EU")).count();
        assertEquals(400, na + eu, "every generated row holds one of the two labels");
        assertTrue(na > 150 && eu > 150, na + " NA, " + eu + " EU of 400");
        // Read back, "NA" is the label: a refit on the generated rows loses none of them.
        CliRun refit = CliRun.of("fit", "--input", generated.toString(), "--model", dir.resolve("back.bin").toString());
        assertEquals(0, refit.exitCode(), refit.err());
        assertTrue(refit.err().contains("400 samples of dimension 2"), refit.err());
    }

    /** fit's one error line for the file, its path replaced by ": " ("file.arff:6: x" gives ": 6: x"). */
    private String problem(String name, String text) throws IOException {
        Path file = Files.writeString(dir.resolve(name), text);
        String line = CliRun.fit(file, dir.resolve("p.bin"), 4).singleErrorLine();
        String prefix = "scorestream fit: " + file + ":";
        assertTrue(line.startsWith(prefix), line);
        return ": " + line.substring(prefix.length());
    }

    /**
     * A gzip-compressed .arff.gz under OpenML's shapes: string attributes (a name, free text, left
     * out and named; a kind that repeats, labels), an ISO date, and instance weights, ignored and said so.
     */
    @Test
    void aGzippedArffWithTextDatesAndWeightsSaysWhatItLeftOut() throws IOException {
        StringBuilder text = new StringBuilder("@relation people\n@attribute name string\n@attribute kind string\n@attribute joined date 'yyyy-MM-dd'\n@attribute v numeric\n@data\n");
        Random rng = new Random(9);
        for (int i = 0; i < 120; i++)
            text.append(String.format(Locale.ROOT, "'person %d',%s,2020-01-%02d,%.3f,{%d}%n", i, "abc".charAt(i % 3), 1 + i % 28, rng.nextDouble(), 1 + i % 2));
        Path data = dir.resolve("people.arff.gz"), model = dir.resolve("m.bin"), out = dir.resolve("gen.csv");
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(data))) {
            gz.write(text.toString().getBytes(StandardCharsets.UTF_8));
        }
        CliRun fit = fitAndSample(data, model, out, 50);
        assertTrue(fit.err().contains("120 samples of dimension 3 from " + data + ", columns csv [kind, joined, v]"), fit.err());
        assertTrue(fit.err().contains("1 column of free text or dates (name) left out; instance weights ({w} after a row's values) on 120 rows ignored: every row counts once"), fit.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals("kind,joined,v", lines.get(0));
        for (String line : lines.subList(1, lines.size())) assertTrue(line.matches("[abc],2020-01-[0-2]\\d,[0-9.]+"), line);
    }

    /**
     * Weka's own files: credit-g.arff opens with 278 comment lines (it was read as a CSV file whose
     * one column was the first comment: "has no column to learn"), and the Reuters sets' string
     * values hold escaped line breaks (\n), which as CSV text broke the field over two lines.
     */
    @Test
    void aLongCommentAboveTheRelationAndEscapedLineBreaksRead() throws IOException {
        StringBuilder text = new StringBuilder("% Description of the German credit dataset.\n");
        for (int i = 0; i < 300; i++) text.append("% comment line ").append(i).append(", with a comma\n");
        text.append("@relation german_credit\n@attribute Text string\n@attribute amount numeric\n@attribute class {good,bad}\n@data\n");
        for (int i = 0; i < 60; i++)
            text.append("'ASIAN EXPORTERS ").append(i).append("\\nU.S. And Japan\\'s row',").append(100 + 7 * i).append(',').append(i % 3 == 0 ? "bad" : "good").append('\n');
        Path data = Files.writeString(dir.resolve("credit.arff"), text), model = dir.resolve("m.bin"), out = dir.resolve("gen.csv");
        CliRun fit = fitAndSample(data, model, out, 40);
        assertTrue(fit.err().contains("60 samples of dimension 2 from " + data + ", columns csv [amount, class]"), fit.err());
        assertTrue(fit.err().contains("1 column of free text or dates (Text) left out"), fit.err());
        assertEquals("amount,class", Files.readAllLines(out).get(0));
    }

    /** Older ARFF files are Latin-1, as Weka wrote them: read so, and said, as a CSV file is; the labels keep their letters. */
    @Test
    void aLatin1ArffReadsItsLabels() throws IOException {
        StringBuilder text = new StringBuilder("@relation cities\n@attribute city {Montr\u00e9al,Z\u00fcrich}\n@attribute t numeric\n@data\n");
        for (int i = 0; i < 40; i++) text.append(i % 2 == 0 ? "Montr\u00e9al" : "Z\u00fcrich").append(',').append(i).append('\n');
        Path data = Files.write(dir.resolve("cities.arff"), text.toString().getBytes(StandardCharsets.ISO_8859_1)), model = dir.resolve("m.bin"), out = dir.resolve("gen.csv");
        CliRun fit = fitAndSample(data, model, out, 20);
        assertTrue(fit.err().contains("read as Latin-1 (ISO-8859-1): not UTF-8 from line 2"), fit.err());
        for (String line : Files.readAllLines(out).subList(1, 21)) assertTrue(line.startsWith("Montr\u00e9al,") || line.startsWith("Z\u00fcrich,"), line);
    }

    /** bench-quality reads an ARFF file as fit does, its held-out rows and generated ones compared. */
    @Test
    void benchQualityReadsAnArff() throws IOException {
        Path data = Files.writeString(dir.resolve("iris.arff"), iris(240));
        CliRun bench = CliRun.of("bench-quality", "--data", data.toString(), "--repeats", "1", "--em-max-components", "2");
        assertEquals(0, bench.exitCode(), bench.err());
        assertTrue(bench.out().lines().anyMatch(l -> l.startsWith("| iris.arff | 4 |")), bench.out());
    }
}
