package io.scorestream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The user's path, through the real command line: generate-data → fit (defaults only) → sample
 * → eval. Generated samples must be within 0.03 classifier accuracy of a second true sample.
 */
class EndToEndTest {
    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"gmm", "aniso", "ring"})
    void fitSampleEvalReachesTheTwoSampleFloor(String kind) throws Exception {
        String train = file(kind + "-train.csv"), reference = file(kind + "-ref.csv"), second = file(kind + "-second.csv");
        String model = file(kind + ".model"), generated = file(kind + "-gen.csv");
        run("generate-data", "--kind", kind, "--n", "20000", "--out", train, "--seed", "1");
        run("generate-data", "--kind", kind, "--n", "10000", "--out", reference, "--seed", "2");
        run("generate-data", "--kind", kind, "--n", "10000", "--out", second, "--seed", "3");
        run("fit", "--input", train, "--model", model);
        run("sample", "--model", model, "--n", "10000", "--out", generated, "--seed", "4");
        double learned = accuracy(run("eval", "--generated", generated, "--reference", reference, "--json"));
        double floor = accuracy(run("eval", "--generated", second, "--reference", reference, "--json"));
        assertTrue(learned - floor < 0.03, String.format("%s: accuracy %.3f vs floor %.3f", kind, learned, floor));
    }

    private String file(String name) { return dir.resolve(name).toString(); }

    private static double accuracy(String json) throws Exception {
        JsonNode node = new ObjectMapper().readTree(json);
        return node.get("classifierAccuracy").asDouble();
    }

    private static String run(String... args) {
        CliRun run = CliRun.of(args);
        assertEquals(0, run.exitCode(), String.join(" ", args) + " failed: " + run.err());
        return run.out();
    }
}
