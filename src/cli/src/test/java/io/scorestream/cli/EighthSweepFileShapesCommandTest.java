package io.scorestream.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Shapes of files met by an eighth sweep over public data sets nobody on the project made
 * (QUALITY.md, "An eighth sweep"): R packages' example files (haven, rio, terra), pspp's
 * examples, geopandas' test data, scipy's test data and npm's sample data sets, each through
 * {@code fit} as a user runs it; the seventh sweep's are in {@link SeventhSweepFileShapesCommandTest}.
 */
class EighthSweepFileShapesCommandTest {
    @TempDir Path dir;

    /** A file of the given first bytes, padded with zeros to 512 bytes, as a binary format's header is. */
    private Path binary(String name, int... head) throws IOException {
        byte[] bytes = new byte[512];
        for (int i = 0; i < head.length; i++) bytes[i] = (byte) head[i];
        bytes[200] = (byte) 0xff;   // a byte no UTF-8 text holds, past the header
        return Files.write(dir.resolve(name), bytes);
    }

    /**
     * Statistics packages' own files, as R packages and pspp ship them (haven's iris.sav, iris.dta
     * and iris.sas7bdat, pspp's physiology.sav, terra's countries.rds, a shapefile and its .dbf):
     * each was refused as "…:1: not valid UTF-8 text", as if a CSV file had a bad byte. Each is now
     * named by its first bytes, with what to do.
     */
    @Test
    void statisticsPackagesFilesAreNamedNotCalledBadUtf8() throws IOException {
        Path model = dir.resolve("m.bin");
        String sav = CliRun.fit(binary("iris.sav", '$', 'F', 'L', '2', '@', '(', '#', ')', ' ', 'S', 'P', 'S', 'S'), model, 4).singleErrorLine();
        assertTrue(sav.endsWith("iris.sav: is an SPSS data file (.sav), which fit does not read (it reads CSV, tab- or semicolon-separated text, "
                + "JSON Lines or a JSON array, Avro, Parquet, ARFF, libsvm and .xlsx and .xls workbooks): save the data as CSV (SPSS, PSPP, or R's haven::read_sav)"), sav);
        String dta = CliRun.fit(binary("iris.dta", '<', 's', 't', 'a', 't', 'a', '_', 'd', 't', 'a', '>', '<', 'h', 'e', 'a', 'd', 0xff), model, 4).singleErrorLine();
        assertTrue(dta.contains("iris.dta: is a Stata data file (.dta)"), dta);
        String oldDta = CliRun.fit(binary("auto.dta", 0x72, 0x02, 0x01, 0x00, 0x0c), model, 4).singleErrorLine();
        assertTrue(oldDta.contains("auto.dta: is a Stata data file (.dta)"), oldDta);
        String sas = CliRun.fit(binary("iris.sas7bdat", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0xc2, 0xea, 0x81, 0x60, 0xb3, 0x14, 0x11, 0xcf, 0xbd, 0x92, 0x08, 0x00, 0x09, 0xc7, 0x31, 0x8c, 0x18, 0x1f, 0x10, 0x11), model, 4).singleErrorLine();
        assertTrue(sas.contains("iris.sas7bdat: is a SAS data set (.sas7bdat)"), sas);
        String shp = CliRun.fit(binary("lowres.shp", 0x00, 0x00, 0x27, 0x0a), model, 4).singleErrorLine();
        assertTrue(shp.contains("lowres.shp: is an ESRI shapefile (.shp)"), shp);
        // dBase III: version 3, last update 2016-06-15, 5 fields (header 32 + 5 × 32 + 1 = 193 bytes).
        String dbf = CliRun.fit(binary("lowres.dbf", 0x03, 0x74, 0x06, 0x0f, 0xb1, 0, 0, 0, 0xc1, 0x00), model, 4).singleErrorLine();
        assertTrue(dbf.contains("lowres.dbf: is a dBase table (.dbf, a shapefile's attributes, say)"), dbf);
        // R's saveRDS: gzip over "X\n" and the serialization's version, as terra's countries.rds is.
        java.io.ByteArrayOutputStream rds = new java.io.ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(rds)) {
            byte[] inner = new byte[300];
            inner[0] = 'X';
            inner[1] = '\n';
            inner[5] = 3;
            inner[100] = (byte) 0xff;
            gz.write(inner);
        }
        String r = CliRun.fit(Files.write(dir.resolve("countries.rds"), rds.toByteArray()), model, 4).singleErrorLine();
        assertTrue(r.contains("countries.rds: is R's saved data (.rds or .RData)"), r);
        // A Latin-1 CSV file is read as before, not named a format.
        Path latin = Files.write(dir.resolve("latin.csv"), "name,x\nAix\u00e0s,1\nB\u00e9ziers,2\nC,3\n".getBytes(StandardCharsets.ISO_8859_1));
        CliRun read = CliRun.fit(latin, model, 4);
        assertEquals(0, read.exitCode(), read.err());
    }

    /**
     * GeoJSON under its own extension (geopandas' tests/data/null_geom.geojson, any web map's
     * layer): named .geojson, the file was read as CSV and refused as ":2: field 1: text after its
     * closing quote". It is read as JSON, as a .json file of the same text is (its features'
     * properties the records).
     */
    @Test
    void aGeojsonFileIsReadAsJson() throws IOException {
        StringBuilder text = new StringBuilder("{\n\"type\": \"FeatureCollection\",\n\"features\": [\n");
        Random rng = new Random(81);
        for (int i = 0; i < 30; i++)
            text.append(i == 0 ? "" : ",\n").append("{ \"type\": \"Feature\", \"properties\": { \"Name\": \"p").append(i).append("\", \"pop\": ")
                    .append(100 + rng.nextInt(900)).append(" }, \"geometry\": { \"type\": \"Point\", \"coordinates\": [ ")
                    .append(rng.nextInt(3600) / 10.0 - 180).append(", ").append(rng.nextInt(1800) / 10.0 - 90).append(" ] } }");
        Path data = Files.writeString(dir.resolve("places.geojson"), text.append("\n]\n}\n")), model = dir.resolve("m.bin");
        CliRun fit = CliRun.fit(data, model, 4);
        assertEquals(0, fit.exitCode(), fit.err());
        assertTrue(fit.err().contains("30 samples of dimension ") && fit.err().contains("columns json ["), fit.err());
        CliRun asJson = CliRun.fit(Files.writeString(dir.resolve("places.json"), text), dir.resolve("j.bin"), 4);
        String dimension = asJson.err().replaceAll("(?s).*30 samples of dimension (\\d+).*", "$1");
        assertTrue(fit.err().contains("30 samples of dimension " + dimension + " from " + data), fit.err() + "\n" + asJson.err());
        Path out = dir.resolve("gen.geojson");
        CliRun sample = CliRun.of("sample", "--model", model.toString(), "--n", "20", "--out", out.toString(), "--seed", "2");
        assertEquals(0, sample.exitCode(), sample.err());
        assertTrue(Files.readString(out).startsWith("[{"), "written as one JSON document, as a .json file is");
    }

    /**
     * A CSVY file (rio's examples/example.csvy; csvy.org): a "---" line, YAML describing the
     * fields, a "---" line, then the CSV. Refused as "has no column to learn: every column holds
     * free text or dates (name: my-dataset)", the YAML's first line taken for the header. The YAML
     * is now read as blank lines above the table, so the rows keep their line numbers.
     */
    @Test
    void aCsvyFilesYamlHeaderIsSkipped() throws IOException {
        StringBuilder text = new StringBuilder("---\nname: my-dataset\nfields:\n  - name: var1\n    title: variable 1\n    type: string\n"
                + "  - name: var2\n    type: integer\n  - name: var3\n    type: number\n---\nvar1,var2,var3\n");
        Random rng = new Random(82);
        for (int i = 0; i < 40; i++) text.append(i % 2 == 0 ? "A" : "B").append(',').append(rng.nextInt(9)).append(',').append(rng.nextInt(100) / 10.0).append('\n');
        Path data = Files.writeString(dir.resolve("example.csvy"), text), model = dir.resolve("m.bin");
        CliRun fit = CliRun.fit(data, model, 4);
        assertEquals(0, fit.exitCode(), fit.err());
        assertTrue(fit.err().contains("40 samples of dimension 3 from " + data + ", columns csv [var1, var2, var3]"), fit.err());
        // A row's error keeps its line in the file: the 12th line is the header, the 14th the second row.
        Path broken = Files.writeString(dir.resolve("broken.csvy"), text.toString().replaceFirst("\nB,", "\nB,x,"));
        assertEquals("scorestream fit: " + broken + ":14: expected 3 values, found 4", CliRun.fit(broken, model, 4).singleErrorLine());
        // A file whose "---" never closes is no table: refused, not read as one.
        Path open = Files.writeString(dir.resolve("open.csvy"), "---\nname: x\na,b\n1,2\n");
        assertNotEquals(0, CliRun.fit(open, model, 4).exitCode());
        List<String> lines = Files.readAllLines(data);
        assertEquals("---", lines.get(0));
        // Rule lines of three dashes around a one-column table's header are no YAML: the header is kept.
        Path ruled = Files.writeString(dir.resolve("ruled.txt"), "---\nage\n---\n23\n31\n45\n27\n52\n38\n41\n29\n33\n60\n");
        CliRun rule = CliRun.fit(ruled, model, 4);
        assertTrue(rule.err().contains("10 samples of dimension 1 from " + ruled + ", columns csv [age]"), rule.err());
    }

    /**
     * A JSON boolean that is true in every record (npm world-countries' "independent" and
     * "unMember", once the records with a missing field are left out): generated as the string
     * "true" ({@code "independent":"true"}), while "landlocked", false and true, came back bare.
     * A label column of true alone, or false alone, is written as a JSON boolean too.
     */
    @Test
    void aBooleanOfOneValueIsWrittenAsABoolean() throws IOException {
        StringBuilder text = new StringBuilder("[");
        Random rng = new Random(83);
        for (int i = 0; i < 40; i++)
            text.append(i == 0 ? "" : ",\n").append("{\"independent\": true, \"landlocked\": ").append(i % 4 == 0)
                    .append(", \"member\": false, \"area\": ").append(100 + rng.nextInt(5000)).append("}");
        Path data = Files.writeString(dir.resolve("countries.json"), text.append("]\n")), model = dir.resolve("m.bin"), out = dir.resolve("gen.json");
        CliRun fit = CliRun.fit(data, model, 4);
        assertEquals(0, fit.exitCode(), fit.err());
        CliRun sample = CliRun.of("sample", "--model", model.toString(), "--n", "30", "--out", out.toString(), "--seed", "2");
        assertEquals(0, sample.exitCode(), sample.err());
        String written = Files.readString(out);
        assertTrue(written.contains("\"independent\":true,"), written);
        assertTrue(written.contains("\"member\":false,"), written);
        assertFalse(written.contains("\"true\"") || written.contains("\"false\""), written);
        assertTrue(written.matches("(?s).*\"landlocked\":(true|false),.*"), written);
    }

    /**
     * A JSON field that is a number in fewer than half of the records, and no other field that is
     * one (npm country-json's country-by-avg-male-height.json: "height" null in 156 of 244 records,
     * beside the country's name): refused as ":2: the object has no numeric field", as if no record
     * held a number. The field is named with its count and what learns it.
     */
    @Test
    void aNumberInFewerThanHalfOfTheRecordsIsNamedWhenNoOtherIs() throws IOException {
        StringBuilder text = new StringBuilder("[\n");
        for (int i = 0; i < 40; i++)
            text.append(i == 0 ? "" : ",\n").append("    {\n        \"country\": \"C").append(i).append("\",\n        \"height\": ")
                    .append(i % 4 == 0 ? String.valueOf(160 + i / 2) : "null").append("\n    }");
        Path data = Files.writeString(dir.resolve("country-by-avg-male-height.json"), text.append("\n]\n")), model = dir.resolve("m.bin");
        String refused = CliRun.fit(data, model, 4).singleErrorLine();
        assertTrue(refused.endsWith("no field is a number in at least half of the 40 records: height is one in 10 "
                + "(--fields height learns it, and --drop-incomplete leaves out the records without it)"), refused);
        CliRun chosen = CliRun.fit(data, model, 4, "--fields", "height", "--drop-incomplete");
        assertEquals(0, chosen.exitCode(), chosen.err());
        assertTrue(chosen.err().contains("10 samples of dimension 1"), chosen.err());
    }

    /**
     * A graph as one JSON object of two arrays of objects (npm @observablehq/sample-datasets'
     * miserables.json: "nodes" and "links", as d3 and networkx's node_link_data write a graph):
     * refused as "the file is one JSON object over many lines, holding no array of records", when it
     * holds two. The arrays are named, with how to take one.
     */
    @Test
    void aJsonObjectOfTwoArraysOfRecordsNamesThem() throws IOException {
        StringBuilder text = new StringBuilder("{\n  \"nodes\": [\n");
        for (int i = 0; i < 20; i++) text.append(i == 0 ? "" : ",\n").append("    {\"id\": \"n").append(i).append("\", \"group\": ").append(i % 3).append('}');
        text.append("\n  ],\n  \"links\": [\n");
        for (int i = 0; i < 30; i++) text.append(i == 0 ? "" : ",\n").append("    {\"source\": \"n").append(i % 20).append("\", \"target\": \"n").append((i * 7) % 20)
                .append("\", \"value\": ").append(1 + i % 5).append('}');
        Path data = Files.writeString(dir.resolve("miserables.json"), text.append("\n  ]\n}\n")), model = dir.resolve("m.bin");
        assertEquals("scorestream fit: " + data + ":1: the file is one JSON object holding 2 arrays of objects (nodes, links): which holds the records is not told; "
                + "write that one alone as a JSON array or JSON Lines (jq '.nodes')", CliRun.fit(data, model, 4).singleErrorLine());
        // One such array is read as before: its objects are the records.
        Path one = Files.writeString(dir.resolve("links.json"), text.toString().replaceFirst("(?s)\"nodes\": \\[.*?\\],\n", ""));
        CliRun fit = CliRun.fit(one, model, 4);
        assertEquals(0, fit.exitCode(), fit.err());
        assertTrue(fit.err().contains("30 samples of dimension"), fit.err());
    }

    /**
     * Slashed dates with a time of day (sp's seamap105_mod.csv: "08/13/1997 05:37:29"; a
     * spreadsheet's US export "8/13/1997 5:37"): left out as free text, while "08/13/1997" alone and
     * "1997-08-13 05:37:29" are read. Told month or day first on the whole column, as the slashed
     * dates are, and written back in the column's form.
     */
    @Test
    void slashedDatesWithATimeOfDayAreRead() throws IOException {
        Random rng = new Random(84);
        StringBuilder padded = new StringBuilder("id,lat,obs_date\n"), excel = new StringBuilder("id,lat,when\n"), world = new StringBuilder("id,lat,when\n"),
                mixed = new StringBuilder("id,lat,when\n");
        for (int i = 0; i < 60; i++) {
            int month = 1 + rng.nextInt(12), day = 1 + rng.nextInt(28), hour = rng.nextInt(24), minute = rng.nextInt(60), second = rng.nextInt(60);
            double lat = 20 + rng.nextInt(20000) / 1000.0;
            padded.append(i).append(',').append(lat).append(",\"").append(String.format("%02d/%02d/1997 %02d:%02d:%02d", month, day, hour, minute, second)).append("\"\n");
            excel.append(i).append(',').append(lat).append(',').append(String.format("%d/%d/2015 %d:%02d", month, day, hour, minute)).append('\n');
            world.append(i).append(',').append(lat).append(',').append(String.format("%d/%d/2015 %d:%02d", day, month, hour, minute)).append('\n');
            mixed.append(i).append(',').append(lat).append(',').append(String.format(i % 3 == 0 ? "%d/%d/2015" : "%d/%d/2015 %d:%02d", month, day, hour, minute)).append('\n');
        }
        Path model = dir.resolve("m.bin"), out = dir.resolve("gen.csv");
        String[][] cases = {{"seamap105_mod.csv", padded.toString(), "obs_date", "\\d\\d/\\d\\d/\\d{4} \\d\\d:\\d\\d:\\d\\d"},
                {"excel.csv", excel.toString(), "when", "\\d{1,2}/\\d{1,2}/\\d{4} \\d{1,2}:\\d\\d"}, {"world.csv", world.toString(), "when", "\\d{1,2}/\\d{1,2}/\\d{4} \\d{1,2}:\\d\\d"}};
        for (String[] c : cases) {
            Path data = Files.writeString(dir.resolve(c[0]), c[1]);
            CliRun fit = CliRun.fit(data, model, 4);
            assertEquals(0, fit.exitCode(), fit.err());
            assertTrue(fit.err().contains("60 samples of dimension 3 from " + data), fit.err());
            assertTrue(fit.err().contains("column 3 (" + c[2] + "): times like "), fit.err());
            CliRun sample = CliRun.of("sample", "--model", model.toString(), "--n", "50", "--out", out.toString(), "--seed", "2");
            assertEquals(0, sample.exitCode(), sample.err());
            List<String> lines = Files.readAllLines(out);
            for (String line : lines.subList(1, lines.size())) assertTrue(line.split(",")[2].matches(c[3]), c[0] + ": " + line);
        }
        // Some values with a time and some without: no one form, left out as before.
        CliRun read = CliRun.fit(Files.writeString(dir.resolve("mixed.csv"), mixed), model, 4);
        assertFalse(read.err().contains("times like"), read.err());
    }
}
