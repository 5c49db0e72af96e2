package io.scorestream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class EvalCommandTest {
    @TempDir Path dir;
    Path reference, generated, truth;

    @BeforeEach
    void twoIndependentSamplesOfTheSameMixture() {
        reference = dir.resolve("ref.csv");
        generated = dir.resolve("gen.csv");
        truth = dir.resolve("truth.json");
        assertEquals(0, CliRun.of("generate-data", "--kind", "gmm", "--n", "1000", "--seed", "1",
                "--out", reference.toString(), "--truth", truth.toString()).exitCode());
        assertEquals(0, CliRun.of("generate-data", "--kind", "gmm", "--n", "1000", "--seed", "2",
                "--out", generated.toString()).exitCode());
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    private String evalError(Path gen, String... extra) throws IOException {
        List<Path> before = files();
        String[] args = Stream.concat(Stream.of("eval", "--generated", gen.toString(), "--reference", reference.toString()),
                Stream.of(extra)).toArray(String[]::new);
        String line = CliRun.of(args).singleErrorLine();
        assertTrue(line.startsWith("scorestream eval: "), line);
        assertEquals(before, files(), "eval must not create files");
        return line;
    }

    @Test
    void sameDistributionTableShowsAccuracyNearOneHalf() {
        CliRun run = CliRun.of("eval", "--generated", generated.toString(), "--reference", reference.toString(),
                "--truth", truth.toString());
        assertEquals(0, run.exitCode(), run.err());
        String accuracyLine = run.out().lines().filter(l -> l.startsWith("classifier accuracy")).findFirst().orElseThrow();
        double accuracy = Double.parseDouble(accuracyLine.replaceFirst("classifier accuracy\\s+", "").split("\\s+")[0]);
        assertEquals(0.5, accuracy, 0.08, run.out());
        assertTrue(run.out().contains("recovered weights"), run.out());
        // Values are aligned in one column.
        int column = accuracyLine.indexOf(accuracyLine.replaceFirst("classifier accuracy\\s+", ""));
        String energy = run.out().lines().filter(l -> l.startsWith("energy distance")).findFirst().orElseThrow();
        assertTrue(energy.length() > column && energy.charAt(column - 1) == ' ' && energy.charAt(column) != ' ', run.out());
    }

    @Test
    void jsonHasTheExpectedFields() throws IOException {
        CliRun run = CliRun.of("eval", "--generated", generated.toString(), "--reference", reference.toString(),
                "--truth", truth.toString(), "--json", "--seed", "3");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        for (String field : List.of("classifierAccuracy", "tvLowerBound", "knnAccuracy", "quadraticLogisticAccuracy",
                "energyDistance", "slicedWasserstein"))
            assertTrue(json.get(field).isNumber(), field);
        assertEquals(0.5, json.get("classifierAccuracy").asDouble(), 0.08);
        assertEquals(2, json.get("dimension").asInt());
        assertEquals(1000, json.get("generatedSamples").asInt());
        assertEquals(json.get("mmdBandwidths").size(), json.get("mmd2").size());
        assertTrue(json.get("mmd2").size() > 0);
        JsonNode t = json.get("truth");
        assertEquals(4, t.get("recoveredWeights").size());
        assertEquals(0.4, t.get("trueWeights").get(3).asDouble(), 1e-12);
        assertEquals(0.4, t.get("recoveredWeights").get(3).asDouble(), 0.05);
        assertEquals(t.get("meanLogLikelihoodReference").asDouble(), t.get("meanLogLikelihoodGenerated").asDouble(), 0.15);
        assertTrue(t.get("weightError").asDouble() < 0.1);
    }

    @Test
    void differentDistributionsAreTold() throws IOException {
        Path other = dir.resolve("other.csv");
        assertEquals(0, CliRun.of("generate-data", "--kind", "overlap", "--n", "1000", "--out", other.toString()).exitCode());
        CliRun run = CliRun.of("eval", "--generated", other.toString(), "--reference", reference.toString(), "--json");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(new ObjectMapper().readTree(run.out()).get("classifierAccuracy").asDouble() > 0.9, run.out());
    }

    @Test
    void raggedRow() throws IOException {
        Path bad = write("ragged.csv", "1,2\n3,4\n5\n");
        assertTrue(evalError(bad).endsWith(bad + ":3: expected 2 values, found 1"));
    }

    @Test
    void nonNumericField() throws IOException {
        Path bad = write("text.csv", "1,2\n3,abc\n");
        assertTrue(evalError(bad).endsWith(bad + ":2: field 2 is not a number: 'abc'"));
    }

    @Test
    void nanAndInfinity() throws IOException {
        Path nan = write("nan.csv", "x,y\n1,2\nNaN,4\n");
        assertTrue(evalError(nan).endsWith(nan + ":3: field 1 (x) is not finite: NaN"), "the header names the column");
        Path inf = write("inf.csv", "1,Infinity\n");
        assertTrue(evalError(inf).endsWith(inf + ":1: field 2 is not finite: Infinity"));
    }

    @Test
    void emptyAndHeaderOnlyFiles() throws IOException {
        Path empty = write("empty.csv", "");
        assertTrue(evalError(empty).endsWith(empty + ": no samples"));
        Path header = write("header.csv", "x,y\n");
        assertTrue(evalError(header).endsWith(header + ": no samples"));
    }

    @Test
    void missingFile() throws IOException {
        Path missing = dir.resolve("missing.csv");
        assertTrue(evalError(missing).endsWith(missing + ": file not found"));
    }

    @Test
    void unknownOption() throws IOException {
        assertTrue(evalError(generated, "--colour").contains("--colour"));
    }

    @Test
    void dimensionMismatchNamesBothFiles() throws IOException {
        Path three = dir.resolve("three.csv");
        assertEquals(0, CliRun.of("generate-data", "--kind", "aniso", "--n", "50", "--out", three.toString()).exitCode());
        String line = evalError(three);
        assertTrue(line.contains(three.toString()) && line.contains(reference.toString()), line);
        assertTrue(line.contains("3") && line.contains("2"), line);
    }

    @Test
    void truthOfTheWrongDimensionOrMalformed() throws IOException {
        Path three = dir.resolve("three.csv");
        assertEquals(0, CliRun.of("generate-data", "--kind", "aniso", "--n", "50", "--out", three.toString()).exitCode());
        String wrongDim = evalError(three, "--truth", truth.toString());
        assertTrue(wrongDim.contains(three + ":1: dimension 3 does not match the model's 2"), wrongDim);
        Path broken = write("broken.json", "{\n  \"weights\": [1],\n  \"means\": [[0, 0]],\n  \"covariances\": [[[1, 0], [0, -1]]]\n}\n");
        String invalid = evalError(generated, "--truth", broken.toString());
        assertTrue(invalid.contains(broken.toString()) && invalid.contains("positive definite"), invalid);
        Path syntax = write("syntax.json", "{\n  \"weights\": [1,,]\n}\n");
        String syntaxLine = evalError(generated, "--truth", syntax.toString());
        assertTrue(syntaxLine.contains(syntax + ":2: "), syntaxLine);
    }

    @Test
    void withAModelTheReferenceRowsGetTheModelsLogDensityNearTheTruths() throws IOException {
        Path training = dir.resolve("train.csv"), model = dir.resolve("model.json");
        assertEquals(0, CliRun.of("generate-data", "--kind", "gmm", "--n", "4000", "--seed", "3", "--out", training.toString()).exitCode());
        CliRun fit = CliRun.of("fit", "--input", training.toString(), "--model", model.toString(), "--seed", "1");
        assertEquals(0, fit.exitCode(), fit.err());
        CliRun run = CliRun.of("eval", "--generated", generated.toString(), "--reference", reference.toString(),
                "--truth", truth.toString(), "--model", model.toString(), "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        double truthMean = json.get("truth").get("meanLogLikelihoodReference").asDouble();
        JsonNode found = json.get("model");
        assertEquals(model.toString(), found.get("file").asText());
        assertEquals(0, found.get("rowsWithoutDensity").asInt());
        // The truth is the best a model can give on average; four well-separated components learned from 4 000 rows come within a tenth of a nat.
        assertEquals(truthMean, found.get("meanLogLikelihoodReference").asDouble(), 0.1, run.out());
        assertTrue(found.get("standardError").asDouble() > 0 && found.get("standardError").asDouble() < 0.1, run.out());
        CliRun table = CliRun.of("eval", "--generated", generated.toString(), "--reference", reference.toString(), "--model", model.toString());
        assertEquals(0, table.exitCode(), table.err());
        assertTrue(table.out().lines().anyMatch(l -> l.startsWith("model log-lik (reference)") && l.contains("probability-flow ODE")), table.out());
    }

    /**
     * Where both files name their columns, eval compares them name by name: the generated rows with
     * their columns swapped give exactly the figures of the rows as written, and so does the model's
     * density of a reference whose columns are swapped; other names are one line naming both lists.
     * Before, columns went by position: the swapped rows were told from the reference every time.
     */
    @Test
    void columnsAreComparedByNameWhereBothFilesNameThem() throws IOException {
        Path named = named("x,y", generated, false), swapped = named("y,x", generated, true), renamed = named("u,v", generated, false);
        Path namedReference = named("x,y", reference, false), swappedReference = named("y,x", reference, true);
        CliRun asWritten = CliRun.of("eval", "--generated", named.toString(), "--reference", namedReference.toString(), "--json", "--seed", "4");
        CliRun bySwapped = CliRun.of("eval", "--generated", swapped.toString(), "--reference", namedReference.toString(), "--json", "--seed", "4");
        assertEquals(0, bySwapped.exitCode(), bySwapped.err());
        assertEquals(asWritten.out().replace(named.toString(), "GENERATED"), bySwapped.out().replace(swapped.toString(), "GENERATED"));
        assertTrue(new ObjectMapper().readTree(bySwapped.out()).get("classifierAccuracy").asDouble() < 0.6, bySwapped.out());

        String line = CliRun.of("eval", "--generated", renamed.toString(), "--reference", namedReference.toString()).singleErrorLine();
        assertTrue(line.endsWith(renamed + " against " + namedReference + ": its columns are named u, v, the reference's x, y: columns are compared by name where both sides name them"), line);

        Path training = named("x,y", reference, false), model = dir.resolve("named.json");
        assertEquals(0, CliRun.of("fit", "--input", training.toString(), "--model", model.toString(), "--levels", "6", "--seed", "1").exitCode());
        CliRun density = CliRun.of("eval", "--generated", named.toString(), "--reference", namedReference.toString(), "--model", model.toString(), "--json");
        CliRun swappedDensity = CliRun.of("eval", "--generated", named.toString(), "--reference", swappedReference.toString(), "--model", model.toString(), "--json");
        assertEquals(0, swappedDensity.exitCode(), swappedDensity.err());
        assertEquals(new ObjectMapper().readTree(density.out()).get("model").get("meanLogLikelihoodReference").asDouble(),
                new ObjectMapper().readTree(swappedDensity.out()).get("model").get("meanLogLikelihoodReference").asDouble(), 0.0, swappedDensity.out());
    }

    /** A headerless CSV of two columns written again under a header, its columns swapped if asked. */
    private Path named(String header, Path rows, boolean swap) throws IOException {
        List<String> lines = new java.util.ArrayList<>(List.of(header));
        for (String row : Files.readAllLines(rows)) {
            String[] v = row.split(",");
            lines.add(swap ? v[1] + "," + v[0] : row);
        }
        Path out = dir.resolve(header.replace(',', '-') + (swap ? "-swapped-" : "-") + rows.getFileName());
        Files.write(out, lines);
        return out;
    }

    @Test
    void aModelOfOtherColumnsOrAMissingModelFileIsOneLine() throws IOException {
        Path training = write("three.csv", "a,b,c\n1,2,3\n2,3,5\n3,1,4\n4,4,1\n5,2,2\n6,6,3\n"), model = dir.resolve("three.json");
        assertEquals(0, CliRun.of("fit", "--input", training.toString(), "--model", model.toString(), "--levels=4").exitCode());
        String line = evalError(generated, "--model", model.toString());
        assertTrue(line.contains("dimension mismatch") && line.contains("models 3 columns") && line.contains("has 2"), line);
        String missing = evalError(generated, "--model", dir.resolve("absent.json").toString());
        assertTrue(missing.contains("absent.json"), missing);
        Path garbage = write("garbage.bin", "not a model at all\n");
        String corrupt = evalError(generated, "--model", garbage.toString());
        assertTrue(corrupt.contains("garbage.bin"), corrupt);
    }

    @Test
    void aModelAgainstAReferenceWithLabelsIsOneLine() throws IOException {
        Path training = write("birds.csv", "species,mass\n" + "adelie,3.1\ngentoo,5.2\nadelie,3.4\ngentoo,4.9\n".repeat(20));
        Path model = dir.resolve("birds.json");
        assertEquals(0, CliRun.of("fit", "--input", training.toString(), "--model", model.toString(), "--levels=4").exitCode());
        List<Path> before = files();
        String line = CliRun.of("eval", "--generated", training.toString(), "--reference", training.toString(), "--model", model.toString()).singleErrorLine();
        assertTrue(line.startsWith("scorestream eval: ") && line.contains("birds.csv") && line.contains("holds columns of labels"), line);
        assertEquals(before, files(), "eval must not create files");
    }
}
