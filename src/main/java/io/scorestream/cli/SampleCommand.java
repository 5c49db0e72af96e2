package io.scorestream.cli;

import io.scorestream.io.Tables;
import io.scorestream.model.RecordSchema;
import io.scorestream.model.ModelFiles;
import io.scorestream.model.ScoreModel;
import io.scorestream.sampler.Sampler;
import io.scorestream.schedule.GeometricSchedule;
import io.scorestream.schedule.NoiseSchedule;
import org.ejml.data.DMatrixRMaj;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "sample", description = "Generate samples from a fitted model.", mixinStandardHelpOptions = true)
final class SampleCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--model", required = true, description = "model file written by fit") Path model;
    @Option(names = "--n", required = true, description = "number of samples") int n;
    @Option(names = "--out", required = true, description = "output file in the model's column names: CSV with a header, JSON Lines (.jsonl) or Avro (.avro); the extension picks the format, else the model's own") Path out;
    @Option(names = "--seed", defaultValue = "0", description = "sampler seed (default ${DEFAULT-VALUE})") long seed;
    @Option(names = "--sampler", defaultValue = "ddpm", description = "ddpm, ei, ve or ode (default ${DEFAULT-VALUE})") String sampler;
    @Option(names = "--steps", description = "reverse steps on a geometric grid over the model's noise range (default: the model's own levels)") Integer steps;

    @Override
    public Integer call() throws Exception {
        if (n < 1) throw new IllegalArgumentException("--n must be at least 1, got " + n);
        if (steps != null && steps < 2) throw new IllegalArgumentException("--steps must be at least 2, got " + steps);
        Sampler chosen = Sampler.named(sampler);
        ScoreModel fitted = ModelFiles.load(model);
        RecordSchema shape = Tables.outputShape(out, fitted.recordSchema());   // before sampling: a wrong --out fails at once
        NoiseSchedule grid = steps == null ? fitted.schedule()
                : new GeometricSchedule(steps, fitted.schedule().minTime(), fitted.schedule().maxTime());
        Progress progress = new Progress(spec);
        DMatrixRMaj x = chosen.sample(fitted, grid, n, seed);
        fitted.standardiser().inverse(x, x);
        for (int i = 0; i < x.getNumElements(); i++)
            if (!Double.isFinite(x.data[i])) throw new IllegalStateException("the sampler produced a non-finite value; no output written");
        Tables.write(out, x, shape);
        progress.line(String.format("%d samples (%s, %d steps) written to %s", n, chosen.name(), grid.size(), out));
        return Main.OK;
    }
}
