package io.scorestream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Metrics as Telegraf's file output writes them (InfluxDB line protocol, its default data format)
 * through fit, sample and eval: each point the object of its tags and fields, tags and booleans
 * labels, integer fields integers; a line that is no point stops fit naming it; line protocol is
 * not written. Before, such a file was read as CSV and refused on its first line.
 */
class LineProtocolCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> SITES = Set.of("hall 3", "yard", "roof");
    @TempDir Path dir;

    @Test
    void telegrafsMetricsAreLearnedAsTheirTagsAndFields() throws IOException {
        Random rng = new Random(4);
        List<String> lines = new ArrayList<>(List.of("# written by telegraf's file output"));
        String[] sites = {"hall\\ 3", "yard", "roof"};
        for (int i = 0; i < 900; i++) {
            int s = rng.nextInt(3);
            lines.add(String.format(Locale.ROOT, "weather,site=%s,host=gw1 temp=%.2f,humidity=%di,heating=%s %d",
                    sites[s], 12 + 4 * s + rng.nextGaussian(), 40 + 10 * s + rng.nextInt(10), s == 0 ? "true" : "false", 1_700_000_000_000_000_000L + i));
        }
        Path data = dir.resolve("weather.lp"), model = dir.resolve("m.bin");
        Files.write(data, lines);
        CliRun fit = CliRun.of("fit", "--input", data.toString(), "--model", model.toString(), "--levels", "10", "--seed", "1");
        assertEquals(0, fit.exitCode(), fit.err());
        assertTrue(fit.err().contains("900 samples of dimension 5 from " + data + ", columns json [site, host, temp, humidity, heating]"), fit.err());
        assertTrue(fit.err().contains("column 1 (site): 3 labels, learned as their indices 0..2: hall 3, roof, yard"), fit.err());

        Path gen = dir.resolve("gen.jsonl");
        CliRun sample = CliRun.of("sample", "--model", model.toString(), "--n", "600", "--seed", "2", "--out", gen.toString());
        assertEquals(0, sample.exitCode(), sample.err());
        int hallHeated = 0, halls = 0;
        for (String line : Files.readAllLines(gen)) {
            JsonNode point = JSON.readTree(line);
            assertTrue(SITES.contains(point.get("site").asText()), line);
            assertTrue(point.get("humidity").isIntegralNumber(), "an integer field stays one: " + line);
            assertTrue(point.get("heating").isBoolean(), line);
            if (point.get("site").asText().equals("hall 3")) {
                halls++;
                if (point.get("heating").asBoolean()) hallHeated++;
            }
        }
        assertTrue(halls > 100 && hallHeated >= 0.9 * halls, "heating is on where the data have it on: " + hallHeated + " of " + halls);
        CliRun eval = CliRun.of("eval", "--generated", gen.toString(), "--reference", data.toString(), "--json");
        assertEquals(0, eval.exitCode(), eval.err());
        assertEquals(0.0, JSON.readTree(eval.out()).get("offTypeShare").asDouble(), 0.0, eval.out());

        CliRun written = CliRun.of("sample", "--model", model.toString(), "--n", "10", "--out", dir.resolve("gen.lp").toString());
        assertEquals(2, written.exitCode());
        assertTrue(written.err().contains("gen.lp: line protocol is read, not written: name a .jsonl file"), written.err());
        lines.add(40, "weather,site=yard temp=warm 1700000000000000000");
        Files.write(data, lines);
        CliRun bad = CliRun.of("fit", "--input", data.toString(), "--model", model.toString());
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("weather.lp:41: line protocol: field temp is no number, boolean or quoted string: 'warm'"), bad.err());
    }

    /**
     * Telegraf's file output writes every input's points into one file, each measurement with its
     * own fields. fit learns the measurement of the most points and says what it left out, or the
     * one --measurement names; a name the file lacks is one line listing what it holds, and the
     * option on a file of another format is refused. Before, such a file stopped fit at the first
     * point of a second measurement: "field usage_user is missing".
     */
    @Test
    void aFileOfSeveralMeasurementsIsLearnedOneMeasurementAtATime() throws IOException {
        Random rng = new Random(8);
        List<String> lines = new ArrayList<>(List.of("# telegraf's file output: cpu, mem and one disk point"));
        for (int i = 0; i < 600; i++) {
            long time = 1_700_000_000_000_000_000L + i * 10_000_000_000L;
            lines.add(String.format(Locale.ROOT, "cpu,host=gw%d usage_user=%.3f,usage_system=%.3f %d", i % 2, 20 + 5 * rng.nextGaussian(), 5 + rng.nextGaussian(), time));
            if (i % 2 == 0)
                lines.add(String.format(Locale.ROOT, "mem,host=gw%d used_percent=%.2f,available=%di %d", i % 2, 60 + 3 * rng.nextGaussian(), 1000 + rng.nextInt(1000), time));
        }
        lines.add(3, "disk,host=gw0,path=/ used_percent=41.5 1700000000000000000");
        Path data = dir.resolve("metrics.lp"), model = dir.resolve("m.bin");
        Files.write(data, lines);

        CliRun commonest = CliRun.of("fit", "--input", data.toString(), "--model", model.toString(), "--levels", "10", "--seed", "1");
        assertEquals(0, commonest.exitCode(), commonest.err());
        assertTrue(commonest.err().contains("600 samples of dimension 3 from " + data + ", columns json [host, usage_user, usage_system]"), commonest.err());
        assertTrue(commonest.err().contains("points of 3 measurements: cpu's 600 read; mem (300), disk (1) left out (--measurement chooses)"), commonest.err());

        CliRun mem = CliRun.of("fit", "--input", data.toString(), "--model", model.toString(), "--levels", "10", "--seed", "1", "--measurement", "mem");
        assertEquals(0, mem.exitCode(), mem.err());
        assertTrue(mem.err().contains("300 samples of dimension 3 from " + data + ", columns json [host, used_percent, available]"), mem.err());
        assertTrue(mem.err().contains("points of 3 measurements: mem's 300 read; cpu (600), disk (1) left out"), mem.err());
        CliRun sample = CliRun.of("sample", "--model", model.toString(), "--n", "50", "--seed", "2", "--out", dir.resolve("mem.jsonl").toString());
        assertEquals(0, sample.exitCode(), sample.err());
        for (String line : Files.readAllLines(dir.resolve("mem.jsonl"))) {
            JsonNode point = JSON.readTree(line);
            java.util.Set<String> names = new java.util.HashSet<>();
            point.fieldNames().forEachRemaining(names::add);
            assertEquals(Set.of("host", "used_percent", "available"), names, line);
            assertTrue(point.get("available").isIntegralNumber(), line);
        }

        // eval and report read the reference as fit read it: --measurement names the part.
        Path memSamples = dir.resolve("mem.jsonl");
        CliRun evalMem = CliRun.of("eval", "--generated", memSamples.toString(), "--reference", data.toString(), "--measurement", "mem", "--json");
        assertEquals(0, evalMem.exitCode(), evalMem.err());
        assertEquals(300, JSON.readTree(evalMem.out()).get("referenceSamples").asInt(), evalMem.out());
        String againstCpu = CliRun.of("eval", "--generated", memSamples.toString(), "--reference", data.toString()).singleErrorLine();
        assertTrue(againstCpu.endsWith("its columns are named host, used_percent, available, the reference's host, usage_user, usage_system: "
                + "columns are compared by name where both sides name them"), againstCpu);
        CliRun report = CliRun.of("report", "--model", model.toString(), "--reference", data.toString(), "--measurement", "mem", "--samples", "200",
                "--out", dir.resolve("report").toString());
        assertEquals(0, report.exitCode(), report.err());
        assertTrue(CliRun.of("report", "--model", model.toString(), "--reference", data.toString(), "--measurement", "swap", "--out", dir.resolve("r2").toString())
                .singleErrorLine().endsWith("--measurement swap: no point of that measurement; the file holds cpu (600 points), mem (300 points), disk (1 point)"));

        // bench-quality judges the measurement named of each --data file, and says what it left out.
        CliRun bench = CliRun.of("bench-quality", "--data", data.toString(), "--measurement", "mem", "--repeats", "1", "--em-max-components", "2");
        assertEquals(0, bench.exitCode(), bench.err());
        assertTrue(bench.err().contains(data + ": points of 3 measurements: mem's 300 read; cpu (600), disk (1) left out"), bench.err());
        assertTrue(bench.out().lines().anyMatch(l -> l.startsWith("| metrics.lp | 3 |")), bench.out());
        assertTrue(CliRun.of("bench-quality", "--data", data.toString(), "--measurement", "swap").singleErrorLine()
                .endsWith("--measurement swap: no point of that measurement; the file holds cpu (600 points), mem (300 points), disk (1 point)"));
        assertTrue(CliRun.of("bench-quality", "--data", data.toString(), "--sheet", "Data").singleErrorLine()
                .endsWith("metrics.lp: --sheet names a workbook's sheet, and this is no .xlsx or .xls workbook"));
        assertTrue(CliRun.of("bench-quality", "--kinds", "gmm", "--measurement", "mem").singleErrorLine()
                .contains("--measurement chooses the part of a --data file to judge, and no --data is given"));

        CliRun absent = CliRun.of("fit", "--input", data.toString(), "--model", model.toString(), "--measurement", "swap");
        assertEquals(2, absent.exitCode(), absent.err());
        assertEquals(1, absent.err().strip().lines().count(), absent.err());
        assertTrue(absent.err().contains("metrics.lp: --measurement swap: no point of that measurement; the file holds cpu (600 points), mem (300 points), disk (1 point)"), absent.err());

        // A point of the measurement read that is no point stops fit naming its line; another measurement's lines are not read.
        List<String> broken = new ArrayList<>(lines);
        broken.add(10, "cpu,host=gw0 usage_user=warm,usage_system=5.0 1700000000000000000");
        broken.add(20, "mem,host=gw0 used_percent=full 1700000000000000000");
        Path brokenFile = dir.resolve("broken.lp");
        Files.write(brokenFile, broken);
        String stopped = CliRun.of("fit", "--input", brokenFile.toString(), "--model", dir.resolve("b.bin").toString()).singleErrorLine();
        assertTrue(stopped.contains("broken.lp:11: line protocol: field usage_user is no number, boolean or quoted string: 'warm' in 'cpu,host=gw0"), stopped);

        Path csv = dir.resolve("cpu.csv");
        Files.write(csv, List.of("usage_user,usage_system", "20.5,5.1", "21.0,4.9", "19.5,5.3"));
        CliRun notLineProtocol = CliRun.of("fit", "--input", csv.toString(), "--model", model.toString(), "--measurement", "cpu");
        assertEquals(2, notLineProtocol.exitCode(), notLineProtocol.err());
        assertTrue(notLineProtocol.err().contains("cpu.csv: --measurement names the measurement of InfluxDB line protocol's points, and this is no .lp file"), notLineProtocol.err());
        assertTrue(CliRun.of("eval", "--generated", memSamples.toString(), "--reference", csv.toString(), "--measurement", "cpu").singleErrorLine()
                .endsWith("cpu.csv: --measurement names the measurement of InfluxDB line protocol's points, and this is no .lp file"));
    }
}
