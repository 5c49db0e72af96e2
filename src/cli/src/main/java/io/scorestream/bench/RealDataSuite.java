package io.scorestream.bench;

import io.scorestream.baseline.EmBaseline;
import io.scorestream.baseline.KernelDensity;
import io.scorestream.baseline.RegularisedEm;
import io.scorestream.metrics.TruthMetrics;
import io.scorestream.columns.ColumnTypes;
import io.scorestream.data.RealDatasets;
import io.scorestream.io.LabelAlignment;
import io.scorestream.io.RecordSchema;
import io.scorestream.metrics.TwoSampleMetrics;
import io.scorestream.metrics.TwoSampleReport;
import org.ejml.data.DMatrixRMaj;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The real-data rows of QUALITY.md. Real data have no truth, so each data set's rows are split at
 * random into train (50 %), reference (25 %) and a held-out part (25 %) of the same size as the
 * reference: the floor is the held-out part against the reference, and each method learns from
 * the train part and generates as many rows as the reference has. Small data sets make every
 * two-sample number noisy, so the split is repeated with fresh seeds and the means (and the spread
 * of the classifier accuracy) are reported.
 *
 * <p>Every method's samples are judged twice: as the method wrote them (with the share of values
 * off their column's grid or range), and after the column types learned from the train part
 * ({@link ColumnTypes#learn}, the same learning a model does) put them on their lattices, ranges
 * and point masses, so that rows compare shapes, not rounding.
 *
 * <p>A two-sample test against a few dozen reference rows cannot tell a model from a copy of its
 * training rows, so each method's typed rows also get the median distance to their nearest training
 * row, divided by the same median for the held-out real rows ({@link #nearestTrainRatio}): about 1
 * for a model that generates new rows like the real ones, well below 1 for one that reproduces its
 * training rows (a mixture with more parameters than rows), above 1 for one that smooths them.
 */
public final class RealDataSuite {
    /**
     * Generates n rows like train, whose columns are described by columns (names, and the labels
     * of a column of labels, whose values are label indices: generated rows hold the same
     * indices); the seed drives every random choice.
     */
    @FunctionalInterface
    public interface Generator {
        DMatrixRMaj generate(DMatrixRMaj train, RecordSchema columns, int n, long seed) throws Exception;

        /** What the last fit says of itself on a split's held-out rows; null for a method whose density is not in closed form (ScoreStream's). */
        default FitNote lastFit(DMatrixRMaj heldOut) { return null; }
    }

    /**
     * A mixture's own figures on one split: its k, and its mean log-density per held-out row beside
     * that of one Gaussian fitted to the same rows. A k chosen by BIC whose held-out figure is far
     * below one Gaussian's is a degenerate fit: components collapsed onto a few rows or a lattice's
     * points, which BIC rewards on the training rows and which a small two-sample test cannot tell
     * from the data.
     */
    public record FitNote(int components, double heldOutLogLikelihood, double oneGaussianHeldOutLogLikelihood) {}

    public record Method(String name, Generator generator) {}

    /** Means over the repeats; {@code accuracySpread} is the standard deviation of the raw accuracy over them; fits: per split, or empty. */
    public record Row(String kind, int dimension, int trainRows, int referenceRows, int repeats, String method,
                      double accuracy, double accuracySpread, double offTypeShare, double typedAccuracy,
                      double typedMmd2, double typedEnergy, double typedSlicedW, double nearestTrainRatio, double seconds,
                      List<FitNote> fits) {}

    /** EM's search range up to d = 16: 20 is past every low-dimensional set's BIC minimum here. */
    static final int EM_MAX_COMPONENTS = 20;
    /** Above d = 16 (digits): full covariances cost d(d+1)/2 parameters each, so BIC stops far below 10, and k = 11..20 cost minutes. */
    static final int EM_MAX_COMPONENTS_HIGH_D = 10;

    private RealDataSuite() {}

    /**
     * Repeats when none are asked for: repeats × rows about 8 000, at least 1 and at most 24 repeats.
     * One split's C2ST on 75–200 rows a side spreads by 0.04–0.07, so the earlier 10 splits left a
     * standard error of 0.015–0.02, as large as the gaps to EM the table is read for: iris and
     * penguins were ahead of EM over 10 splits and behind it over 24 (QUALITY.md, "Small real sets
     * over 24 splits").
     */
    public static int defaultRepeats(int rows) { return Math.max(1, Math.min(24, (int) Math.ceil(8000.0 / rows))); }

    /** EM with full and with diagonal covariances, k of candidates by BIC (null: the default range). */
    public static List<Method> emMethods(EmCandidates candidates) {
        List<Method> methods = new ArrayList<>();
        for (RegularisedEm.Covariance type : RegularisedEm.Covariance.values()) {
            String label = type == RegularisedEm.Covariance.FULL ? "full" : "diag";
            String range = candidates != null ? candidates.spelling() : "1.." + EM_MAX_COMPONENTS + " (1.." + EM_MAX_COMPONENTS_HIGH_D + " above d = 16)";
            methods.add(new Method("EM " + label + ", k of " + range + " by BIC", new EmGenerator(candidates, type)));
        }
        return methods;
    }

    /** The smoothed bootstrap ({@link KernelDensity}): the simplest generator to be judged beside. */
    public static Method kernelDensityMethod() {
        return new Method(KERNEL_DENSITY_LABEL, (train, columns, n, seed) ->
                KernelDensity.fit(train, seed).sample(n, new SplittableRandom(seed + 4)));
    }

    /** Its row's name in the tables. */
    public static final String KERNEL_DENSITY_LABEL = "KDE, bandwidth by leave-one-out likelihood";

    /** EM with k by BIC; it keeps its last fit for {@link #lastFit}, which fits k = 1 outside the timed span. */
    private static final class EmGenerator implements Generator {
        private final EmCandidates candidates;
        private final RegularisedEm.Covariance type;
        private DMatrixRMaj lastTrain;
        private long lastSeed;
        private RegularisedEm.Result last;

        EmGenerator(EmCandidates candidates, RegularisedEm.Covariance type) {
            this.candidates = candidates;
            this.type = type;
        }

        @Override
        public DMatrixRMaj generate(DMatrixRMaj train, RecordSchema columns, int n, long seed) {
            // Label indices are fitted as numbers; the typed judgement snaps the samples to them.
            int[] ks = candidates != null ? candidates.ks() : EmBaseline.upTo(train.numCols > 16 ? EM_MAX_COMPONENTS_HIGH_D : EM_MAX_COMPONENTS);
            last = RegularisedEm.fit(train, ks, type, seed);
            lastTrain = train;
            lastSeed = seed;
            return last.mixture().sample(n, new SplittableRandom(seed + 4), null);
        }

        @Override
        public FitNote lastFit(DMatrixRMaj heldOut) {
            // k = 1 with the sweep's own seed: the same fit the sweep made first.
            RegularisedEm.Result one = last.components() == 1 ? last : RegularisedEm.fit(lastTrain, new int[]{1}, type, lastSeed);
            return new FitNote(last.components(), TruthMetrics.meanLogLikelihood(last.mixture(), heldOut), TruthMetrics.meanLogLikelihood(one.mixture(), heldOut));
        }
    }

    /**
     * A table to judge: its name in the rows, its rows, the block its splits keep together (1:
     * rows are exchangeable; a delay embedding's overlapping windows go to one side in blocks),
     * and its columns: names, and for a column of labels its labels (the rows holding indices).
     */
    public record Table(String name, DMatrixRMaj rows, int splitBlock, RecordSchema columns) {
        public Table(String name, DMatrixRMaj rows, int splitBlock) { this(name, rows, splitBlock, RecordSchema.UNNAMED_CSV); }

        public static Table shipped(String kind) {
            return new Table(kind, RealDatasets.load(kind), RealDatasets.source(kind).splitBlock(), RealDatasets.schema(kind));
        }

        /**
         * Rows of this table as the two-sample metrics see them: a column of more than two labels
         * as one 0/1 column per label ({@link LabelAlignment#oneHot}), as {@code eval} compares
         * files; the rows themselves when no column holds labels.
         */
        DMatrixRMaj judged(DMatrixRMaj x) { return LabelAlignment.oneHot(x, columns.labels()); }
    }

    public static List<Row> run(List<String> kinds, int repeats, List<Method> methods, long seed, Consumer<String> progress) throws Exception {
        return runTables(kinds.stream().map(Table::shipped).toList(), repeats, methods, seed, progress);
    }

    public static List<Row> runTables(List<Table> tables, int repeats, List<Method> methods, long seed, Consumer<String> progress) throws Exception {
        List<Row> rows = new ArrayList<>();
        for (Table table : tables) {
            String kind = table.name();
            DMatrixRMaj all = table.rows();
            int block = table.splitBlock();
            int r = repeats > 0 ? repeats : defaultRepeats(all.numRows);
            List<Accumulator> acc = new ArrayList<>();
            acc.add(new Accumulator("floor (held-out real vs reference)"));
            for (Method m : methods) acc.add(new Accumulator(m.name()));
            Split split = null;
            List<List<String>> labels = table.columns().labels();
            if (!labels.isEmpty()) {
                long columns = labels.stream().filter(l -> !l.isEmpty()).count();
                progress.accept(String.format("%s: %d column%s of labels, judged as %d columns (one 0/1 column per label past two)",
                        kind, columns, columns == 1 ? "" : "s", table.judged(all).numCols));
            }
            for (int rep = 0; rep < r; rep++) {
                long s = seed + 1000L * rep;
                split = Split.of(all, block, new SplittableRandom(s));
                ColumnTypes types = ColumnTypes.learn(split.train());
                // Every comparison on the judged rows (label columns one-hot past two labels); types on the rows as learned.
                DMatrixRMaj train = table.judged(split.train()), reference = table.judged(split.reference()), floor = table.judged(split.floor());
                double heldOutDistance = medianNearestDistance(floor, train);
                acc.get(0).add(floor, floor, reference, types.offTypeShare(split.floor()), 1.0, 0, s);
                for (int i = 0; i < methods.size(); i++) {
                    long t0 = System.nanoTime();
                    DMatrixRMaj generated = methods.get(i).generator().generate(split.train(), table.columns(), split.reference().numRows, s);
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    DMatrixRMaj typed = table.judged(typed(types, generated));
                    // Undefined when half the held-out rows repeat a training row (a set of few distinct rows).
                    double ratio = heldOutDistance > 0 ? medianNearestDistance(typed, train) / heldOutDistance : Double.NaN;
                    acc.get(i + 1).add(table.judged(generated), typed, reference, types.offTypeShare(generated), ratio, seconds, s);
                    FitNote fit = methods.get(i).generator().lastFit(split.reference());
                    if (fit != null) acc.get(i + 1).fits.add(fit);
                    progress.accept(String.format("%s split %d/%d: %s C2ST %.3f (typed %.3f) [%.1f s]%s", kind, rep + 1, r,
                            methods.get(i).name(), acc.get(i + 1).lastAccuracy, acc.get(i + 1).lastTypedAccuracy, seconds,
                            fit == null ? "" : String.format("; k = %d, held-out log-likelihood %.4g nats a row (k = 1: %.4g)",
                                    fit.components(), fit.heldOutLogLikelihood(), fit.oneGaussianHeldOutLogLikelihood())));
                }
            }
            for (Accumulator a : acc)
                rows.add(a.row(kind, all.numCols, split.train().numRows, split.reference().numRows, r));
        }
        return rows;
    }

    /**
     * The median over the rows of x of the Euclidean distance to the nearest row of train, each
     * column scaled by train's standard deviation (a constant column by 1).
     */
    public static double medianNearestDistance(DMatrixRMaj x, DMatrixRMaj train) {
        int d = train.numCols, n = train.numRows;
        double[] scale = new double[d];
        for (int j = 0; j < d; j++) {
            double mean = 0, squares = 0;
            for (int i = 0; i < n; i++) mean += train.get(i, j);
            mean /= n;
            for (int i = 0; i < n; i++) squares += (train.get(i, j) - mean) * (train.get(i, j) - mean);
            double sd = Math.sqrt(squares / Math.max(1, n - 1));
            scale[j] = sd > 0 ? 1 / sd : 1;
        }
        double[] nearest = new double[x.numRows];
        for (int r = 0; r < x.numRows; r++) {
            double best = Double.POSITIVE_INFINITY;
            for (int i = 0; i < n && best > 0; i++) {
                double sum = 0;
                for (int j = 0; j < d && sum < best; j++) {
                    double diff = (x.data[r * d + j] - train.data[i * d + j]) * scale[j];
                    sum += diff * diff;
                }
                best = Math.min(best, sum);
            }
            nearest[r] = Math.sqrt(best);
        }
        java.util.Arrays.sort(nearest);
        int m = nearest.length;
        return m % 2 == 1 ? nearest[m / 2] : (nearest[m / 2 - 1] + nearest[m / 2]) / 2;
    }

    /** A copy of x put on the column types. */
    private static DMatrixRMaj typed(ColumnTypes types, DMatrixRMaj x) {
        DMatrixRMaj copy = x.copy();
        types.apply(copy);
        return copy;
    }

    /** Train / reference / held-out rows; reference and held-out have the same size. */
    public record Split(DMatrixRMaj train, DMatrixRMaj reference, DMatrixRMaj floor) {
        /** Blocks of {@code block} consecutive rows, shuffled, dealt 50 / 25 / 25 by rows. */
        public static Split of(DMatrixRMaj all, int block, SplittableRandom rng) {
            int n = all.numRows;
            int blocks = (n + block - 1) / block;
            int[] order = new int[blocks];
            for (int b = 0; b < blocks; b++) order[b] = b;
            for (int b = blocks - 1; b > 0; b--) { // Fisher–Yates
                int swap = rng.nextInt(b + 1), t = order[b];
                order[b] = order[swap];
                order[swap] = t;
            }
            int quarter = n / 4;
            List<Integer> train = new ArrayList<>(), reference = new ArrayList<>(), floor = new ArrayList<>();
            for (int b : order)
                for (int i = b * block; i < Math.min(n, (b + 1) * block); i++) {
                    if (reference.size() < quarter) reference.add(i);
                    else if (floor.size() < quarter) floor.add(i);
                    else train.add(i);
                }
            return new Split(rows(all, train), rows(all, reference), rows(all, floor));
        }

        private static DMatrixRMaj rows(DMatrixRMaj all, List<Integer> indices) {
            int d = all.numCols;
            DMatrixRMaj out = new DMatrixRMaj(indices.size(), d);
            for (int i = 0; i < indices.size(); i++) System.arraycopy(all.data, indices.get(i) * d, out.data, i * d, d);
            return out;
        }
    }

    private static final class Accumulator {
        final String method;
        int count;
        double accuracy, accuracySquares, offType, typedAccuracy, mmd2, energy, sliced, nearestRatio, seconds;
        double lastAccuracy, lastTypedAccuracy;
        final List<FitNote> fits = new ArrayList<>();

        Accumulator(String method) { this.method = method; }

        void add(DMatrixRMaj raw, DMatrixRMaj typed, DMatrixRMaj reference, double offTypeShare, double ratio, double secs, long seed) {
            double a = TwoSampleMetrics.compare(raw, reference, seed).classifierAccuracy();
            TwoSampleReport t = TwoSampleMetrics.compare(typed, reference, seed);
            count++;
            lastAccuracy = a;
            lastTypedAccuracy = t.classifierAccuracy();
            accuracy += a;
            accuracySquares += a * a;
            offType += offTypeShare;
            typedAccuracy += t.classifierAccuracy();
            mmd2 += t.mmd2()[1];
            energy += t.energyDistance();
            sliced += t.slicedWasserstein();
            nearestRatio += ratio;
            seconds += secs;
        }

        Row row(String kind, int d, int train, int reference, int repeats) {
            double mean = accuracy / count;
            double spread = count > 1 ? Math.sqrt(Math.max(0, (accuracySquares - count * mean * mean) / (count - 1))) : Double.NaN;
            return new Row(kind, d, train, reference, repeats, method, mean, spread, offType / count, typedAccuracy / count,
                    mmd2 / count, energy / count, sliced / count, nearestRatio / count, seconds / count, List.copyOf(fits));
        }
    }

    /**
     * One line per data set: the typed classifier accuracy of the floor and of each method, with
     * each method's gap to the floor in parentheses (the methods in the order they ran).
     */
    public static String summary(List<Row> rows) {
        List<String> methods = rows.stream().map(Row::method).distinct().toList();
        StringBuilder sb = new StringBuilder("| data set | d | train / ref × splits |");
        for (String m : methods) sb.append(' ').append(m).append(" |");
        sb.append('\n').append("|---|---|---|").append("---|".repeat(methods.size())).append('\n');
        for (String kind : rows.stream().map(Row::kind).distinct().toList()) {
            List<Row> of = rows.stream().filter(r -> r.kind().equals(kind)).toList();
            double floor = of.get(0).typedAccuracy();
            sb.append(String.format("| %s | %d | %d / %d × %d |", kind, of.get(0).dimension(), of.get(0).trainRows(), of.get(0).referenceRows(), of.get(0).repeats()));
            for (String m : methods) {
                Row r = of.stream().filter(x -> x.method().equals(m)).findFirst().orElseThrow();
                sb.append(r == of.get(0) ? String.format(" %.3f |", floor) : String.format(" %.3f (%+.3f) |", r.typedAccuracy(), r.typedAccuracy() - floor));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * The mixtures' own figures per data set, for the rows that have them (EM's): the k BIC chose
     * (median, least and greatest over the splits), the median over the splits of the mean
     * log-density per held-out row, that of one Gaussian, and the splits where the chosen k's is
     * below one Gaussian's: there EM's two-sample figure is that of a degenerate density.
     */
    public static String fitsMarkdown(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| data set | method | k by BIC: median (least–greatest) | held-out log-likelihood per row, median over splits | one Gaussian's | splits where k by BIC is below one Gaussian |\n");
        sb.append("|---|---|---|---|---|---|\n");
        boolean any = false;
        for (Row r : rows) {
            if (r.fits().isEmpty()) continue;
            any = true;
            int[] k = r.fits().stream().mapToInt(FitNote::components).sorted().toArray();
            double[] chosen = r.fits().stream().mapToDouble(FitNote::heldOutLogLikelihood).sorted().toArray();
            double[] one = r.fits().stream().mapToDouble(FitNote::oneGaussianHeldOutLogLikelihood).sorted().toArray();
            long below = r.fits().stream().filter(f -> f.heldOutLogLikelihood() < f.oneGaussianHeldOutLogLikelihood()).count();
            sb.append(String.format("| %s | %s | %d (%d–%d) | %.4g | %.4g | %d of %d |%n", r.kind(), r.method(), k[k.length / 2], k[0], k[k.length - 1],
                    median(chosen), median(one), below, r.fits().size()));
        }
        return any ? sb.toString() : "";
    }

    private static double median(double[] sorted) {
        int m = sorted.length;
        return m % 2 == 1 ? sorted[m / 2] : (sorted[m / 2 - 1] + sorted[m / 2]) / 2;
    }

    /** The rows as a Markdown table. */
    public static String markdown(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| data set | d | train / ref rows × splits | method | C2ST acc (as written) | off grid/range | C2ST acc, typed | MMD² typed | energy typed | sliced W₁ typed | nearest train row ÷ held-out's | s per split |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows)
            sb.append(String.format("| %s | %d | %d / %d × %d | %s | %.3f%s | %.1f %% | %.3f | %.5f | %.4f | %.4f | %s | %s |%n",
                    r.kind(), r.dimension(), r.trainRows(), r.referenceRows(), r.repeats(), r.method(), r.accuracy(),
                    Double.isNaN(r.accuracySpread()) ? "" : String.format(" ± %.3f", r.accuracySpread()),
                    100 * r.offTypeShare(), r.typedAccuracy(), r.typedMmd2(), r.typedEnergy(), r.typedSlicedW(),
                    Double.isNaN(r.nearestTrainRatio()) ? "–" : String.format("%.2f", r.nearestTrainRatio()),
                    r.seconds() > 0 ? String.format("%.3f", r.seconds()) : "–"));
        return sb.toString();
    }
}
