package io.scorestream.cli;

import com.typesafe.config.ConfigFactory;
import io.scorestream.bench.RecordPathCeiling;
import io.scorestream.kafka.EmbeddedKafka;
import io.scorestream.mixture.GaussianMixture;
import io.scorestream.model.ModelStructure;
import io.scorestream.stream.Partitioner;
import io.scorestream.stream.StreamSettings;
import org.ejml.data.DMatrixRMaj;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * The coordination ceiling of the record path (issue 17): the same records through today's path
 * (partitioner singleton → every band) and through the partition-local one (each node's batches
 * stay on it; statistics cross per model version), learners doing no work, at each cluster size;
 * then both paths with learners that learn, and the in-memory learner.
 */
@Command(name = "bench-ceiling", mixinStandardHelpOptions = true,
        description = "Records/s and bytes between nodes per record of the record path with no-work learners, today's singleton path against the partition-local one; then both learning.")
final class BenchCeilingCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--n", defaultValue = "100000", description = "records (default ${DEFAULT-VALUE})") int n;
    @Option(names = "--dimension", defaultValue = "10", description = "d (default ${DEFAULT-VALUE})") int d;
    @Option(names = "--levels", paramLabel = "L", description = "noise levels (default: a node's learning.levels, 30)") Integer levelOption;
    private int levels;
    @Option(names = "--bands", defaultValue = "4", description = "band regressor actors of today's path (default ${DEFAULT-VALUE})") int bands;
    @Option(names = "--partitions", defaultValue = "6", description = "topic partitions (default ${DEFAULT-VALUE})") int partitions;
    @Option(names = "--nodes", defaultValue = "1,2,3", split = ",",
            description = "cluster sizes, e.g. 1,2,3: actor systems on loopback in this JVM (default ${DEFAULT-VALUE})") int[] nodes;

    @Override
    public Integer call() throws Exception {
        levels = levelOption != null ? levelOption : ConfigFactory.load().getInt("scorestream.learning.levels");
        if (n < 10_000 || d < 1 || levels < 2 || bands < 1 || partitions < 1 || java.util.Arrays.stream(nodes).anyMatch(k -> k < 1 || k > 8))
            throw new IllegalArgumentException("need --n >= 10000, positive --dimension, --levels (>= 2), --bands, --partitions, and --nodes in 1..8");
        Progress progress = new Progress(spec);
        double[][] means = new double[4][d];
        for (int i = 0; i < 4; i++) means[i][i % d] = 6 * (i + 1);
        DMatrixRMaj data = GaussianMixture.isotropic(new double[]{0.25, 0.25, 0.25, 0.25}, means, 1).sample(n, new SplittableRandom(1), null);
        PrintWriter out = spec.commandLine().getOut();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            StreamSettings settings = StreamSettings.from(ConfigFactory.parseMap(config(kafka, "plan", levels, bands, n)).withFallback(ConfigFactory.load()));
            int warm = settings.warmUpSamples();
            DMatrixRMaj plan = new DMatrixRMaj(warm, d);
            System.arraycopy(data.data, 0, plan.data, 0, plan.getNumElements());
            ModelStructure structure = Partitioner.plan(settings, plan, null);
            long skip = warm + BenchStreamCommand.untimed(n, warm);
            RecordPathCeiling.Result[][] results = new RecordPathCeiling.Result[nodes.length][PATHS.length];
            for (int r = 0; r < nodes.length; r++) {
                for (int path = 0; path < PATHS.length; path++) {
                    String run = PATHS[path] + "-" + nodes[r];
                    Map<String, Object> config = config(kafka, run, levels, bands, n);
                    kafka.createTopic("samples-" + run, partitions, Map.of());
                    Runnable produce = () -> BenchStreamCommand.produce(kafka, data, "samples-" + run, "csv");
                    boolean learn = PATHS[path].endsWith("-learning");
                    results[r][path] = PATHS[path].startsWith("singleton") ? RecordPathCeiling.singleton(config, nodes[r], n, skip, learn, produce)
                            : RecordPathCeiling.local(config, nodes[r], partitions, n, skip, structure, learn, produce);
                    progress.line(run + ": " + Math.round(results[r][path].recordsPerSecond()) + " records/s");
                }
            }
            BenchStreamCommand.InMemory memory = BenchStreamCommand.inMemory(data, settings, warm, 0, null);
            out.printf("d=%d levels=%d bands=%d partitions=%d records=%d (timed after the first %d); in-memory learner %.0f samples/s%n",
                    d, levels, bands, partitions, n, skip, memory.absorbed());
            out.println("path               nodes  records/s  CPU µs/record  bytes between nodes/record   one model version: bytes between nodes, messages, seconds");
            for (int r = 0; r < nodes.length; r++)
                for (int path = 0; path < PATHS.length; path++) {
                    RecordPathCeiling.Result x = results[r][path];
                    out.printf("%-18s %5d %10.0f %14.1f %14.1f %38d %9d %8.2f%n", PATHS[path], nodes[r],
                            x.recordsPerSecond(), x.cpuMicrosPerRecord(), x.bytesPerRecord(), x.versionBytes(), x.versionMessages(), x.versionSeconds());
                }
            progress.line("done");
        }
        return Main.OK;
    }

    /** Today's path and the partition-local one with no-work learners (the ceilings), then both learning. */
    private static final String[] PATHS = {"singleton", "local", "singleton-learning", "local-learning"};

    private static Map<String, Object> config(EmbeddedKafka kafka, String run, int levels, int bands, int n) {
        return BenchNodeConfig.of(kafka.bootstrapServers(), "ceiling", run, levels, bands, BenchStreamCommand.warmUp(n), 1_000_000_000);
    }
}
