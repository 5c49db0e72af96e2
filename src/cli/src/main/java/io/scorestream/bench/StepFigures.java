package io.scorestream.bench;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/** The step-count ablation as Markdown tables and a plot of the steps needed against d and against k. */
public final class StepFigures {
    private StepFigures() {}

    private static final String RUNS_HEADER = "| score | d | k | sampler:grid |";

    /** Every run: C2ST and its floor, TV ≥, weight error, per (score, d, k, pair, steps). */
    public static String runsTable(List<StepAblation.Row> rows) {
        StringBuilder sb = new StringBuilder(RUNS_HEADER + " steps | levels | C2ST | floor | gap | TV ≥ | weight err | floor weight err | eval n | s |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (StepAblation.Row r : rows)
            sb.append(String.format("| %s | %d | %d | %s | %d | %d | %.3f | %.3f | %+.3f | %.3f | %.4f | %.4f | %d | %.1f |%n", r.score(), r.d(), r.k(), r.pair(),
                    r.steps(), r.levels(), r.accuracy(), r.floor(), r.accuracy() - r.floor(), r.tvLowerBound(), r.weightError(), r.floorWeightError(),
                    r.evalSize(), r.seconds()));
        return sb.toString();
    }

    /**
     * The rows of a runs table ({@link #runsTable}) in Markdown text, e.g. an earlier run's --out:
     * a long ablation can be run in parts and its figures drawn from all of them. Values come back
     * as printed (C2ST to 3 decimals); source names the text in the message of a malformed row.
     */
    public static List<StepAblation.Row> readRuns(String markdown, String source) {
        List<StepAblation.Row> rows = new ArrayList<>();
        int lineNumber = 0;
        boolean inRunsTable = false;   // the steps-needed tables above it have rows starting the same way
        for (String line : markdown.split("\\R")) {
            lineNumber++;
            if (line.startsWith(RUNS_HEADER)) inRunsTable = true;
            if (!inRunsTable || !line.startsWith("| exact |") && !line.startsWith("| learned |")) continue;
            String[] f = line.substring(1, line.length() - (line.endsWith("|") ? 1 : 0)).split("\\|");
            try {
                if (f.length != 14) throw new IllegalArgumentException(f.length + " fields where 14 were expected");
                String[] pair = f[3].strip().split(":");
                rows.add(new StepAblation.Row(f[0].strip(), integer(f[1]), integer(f[2]), new StepAblation.Pair(pair[0], pair[1]), integer(f[4]),
                        integer(f[5]), real(f[6]), real(f[7]), real(f[9]), real(f[10]), real(f[11]), integer(f[12]), real(f[13])));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(source + ":" + lineNumber + ": not a row of the runs table (" + e.getMessage() + ")");
            }
        }
        if (rows.isEmpty()) throw new IllegalArgumentException(source + ": no rows of a runs table (| score | d | k | sampler:grid | ...)");
        return rows;
    }

    private static int integer(String field) { return Integer.parseInt(field.strip()); }

    private static double real(String field) { return Double.parseDouble(field.strip()); }

    /** Steps needed to come within tolerance of the floor, one row per (score, pair, k) with a column per d, and per (score, pair, d) with a column per k. */
    public static String stepsNeededTables(List<StepAblation.Row> rows, double tolerance) {
        List<Integer> dims = distinct(rows, StepAblation.Row::d), ks = distinct(rows, StepAblation.Row::k);
        StringBuilder sb = new StringBuilder("Steps needed against d (a column per d; \">N\": not within " + tolerance + " of the floor at any step count tried):\n\n");
        sb.append("| score | sampler:grid | k |");
        dims.forEach(d -> sb.append(" d=").append(d).append(" |"));
        sb.append("\n|---|---|---|").append("---|".repeat(dims.size())).append('\n');
        int max = rows.stream().mapToInt(StepAblation.Row::steps).max().orElse(0);
        for (String score : distinctScores(rows))
            for (StepAblation.Pair pair : distinctPairs(rows))
                for (int k : ks) {
                    sb.append("| ").append(score).append(" | ").append(pair).append(" | ").append(k).append(" |");
                    for (int d : dims) sb.append(' ').append(cell(rows, score, d, k, pair, tolerance, max)).append(" |");
                    sb.append('\n');
                }
        sb.append("\nSteps needed against k (a column per k):\n\n| score | sampler:grid | d |");
        ks.forEach(k -> sb.append(" k=").append(k).append(" |"));
        sb.append("\n|---|---|---|").append("---|".repeat(ks.size())).append('\n');
        for (String score : distinctScores(rows))
            for (StepAblation.Pair pair : distinctPairs(rows))
                for (int d : dims) {
                    sb.append("| ").append(score).append(" | ").append(pair).append(" | ").append(d).append(" |");
                    for (int k : ks) sb.append(' ').append(cell(rows, score, d, k, pair, tolerance, max)).append(" |");
                    sb.append('\n');
                }
        return sb.toString();
    }

    private static String cell(List<StepAblation.Row> rows, String score, int d, int k, StepAblation.Pair pair, double tolerance, int max) {
        boolean any = rows.stream().anyMatch(r -> r.score().equals(score) && r.d() == d && r.k() == k && r.pair().equals(pair));
        if (!any) return "–";
        int needed = StepAblation.stepsNeeded(rows, score, d, k, pair, tolerance);
        return needed < 0 ? ">" + max : Integer.toString(needed);
    }

    /** Steps needed against d (k at its largest), one line per (score, pair); a pair that never reaches the floor is drawn at 2× the largest count. */
    public static byte[] plot(List<StepAblation.Row> rows, double tolerance) throws IOException {
        List<Integer> dims = distinct(rows, StepAblation.Row::d), ks = distinct(rows, StepAblation.Row::k);
        int k = ks.get(ks.size() - 1);
        int max = rows.stream().mapToInt(StepAblation.Row::steps).max().orElse(1);
        XYChart chart = new XYChartBuilder().width(900).height(560)
                .title("Steps to come within " + tolerance + " of the two-sample floor, k = " + k + " (drawn at " + 2 * max + ": never)")
                .xAxisTitle("dimension d").yAxisTitle("steps needed").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        for (String score : distinctScores(rows))
            for (StepAblation.Pair pair : distinctPairs(rows)) {
                List<Double> x = new ArrayList<>(), y = new ArrayList<>();
                for (int d : dims) {
                    boolean any = rows.stream().anyMatch(r -> r.score().equals(score) && r.d() == d && r.k() == k && r.pair().equals(pair));
                    if (!any) continue;
                    int needed = StepAblation.stepsNeeded(rows, score, d, k, pair, tolerance);
                    x.add((double) d);
                    y.add((double) (needed < 0 ? 2 * max : needed));
                }
                if (x.isEmpty()) continue;
                XYSeries s = chart.addSeries(score + " " + pair, x, y);
                s.setMarker(SeriesMarkers.CIRCLE);
            }
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }

    /**
     * The gap to the floor at one step count against d, a line per (score, pair), for the smallest
     * k: where the steps-needed plot jumps with one noisy floor draw, this shows how each pair's
     * error at a fixed budget moves with the dimension.
     */
    public static byte[] gapPlot(List<StepAblation.Row> rows, int steps) throws IOException {
        int k = distinct(rows, StepAblation.Row::k).get(0);
        XYChart chart = new XYChartBuilder().width(900).height(560)
                .title("C2ST minus the two-sample floor at " + steps + " steps, k = " + k)
                .xAxisTitle("dimension d").yAxisTitle("gap to the floor").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        for (String score : distinctScores(rows))
            for (StepAblation.Pair pair : distinctPairs(rows)) {
                List<Double> x = new ArrayList<>(), y = new ArrayList<>();
                for (StepAblation.Row r : rows)
                    if (r.score().equals(score) && r.k() == k && r.pair().equals(pair) && r.steps() == steps) {
                        x.add((double) r.d());
                        y.add(r.accuracy() - r.floor());
                    }
                if (x.isEmpty()) continue;
                chart.addSeries(score + " " + pair, x, y).setMarker(SeriesMarkers.CIRCLE);
            }
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }

    public static String suiteTable(List<StepAblation.SuiteRow> rows) {
        StringBuilder sb = new StringBuilder("| distribution | d | sampler on grid | levels | C2ST | floor | sample wall s | sample CPU s |\n|---|---|---|---|---|---|---|---|\n");
        for (StepAblation.SuiteRow r : rows)
            sb.append(String.format("| %s | %d | %s | %d | %s | %.3f | %.2f | %.2f |%n", r.kind(), r.d(), r.plan(), r.levels(), accuracies(r), r.floor(), r.seconds(), r.cpuSeconds()));
        return sb.toString();
    }

    /** One sample's C2ST, or the mean of several and each (mean 0.5031: 0.5042 / 0.5007 / 0.5044). */
    static String accuracies(StepAblation.SuiteRow r) {
        if (r.accuracies().length == 1) return String.format("%.3f", r.accuracies()[0]);
        StringBuilder sb = new StringBuilder(String.format("mean %.4f:", r.accuracy()));
        for (int i = 0; i < r.accuracies().length; i++) sb.append(i == 0 ? " " : " / ").append(String.format("%.4f", r.accuracies()[i]));
        return sb.toString();
    }

    private static List<Integer> distinct(List<StepAblation.Row> rows, ToIntFunction<StepAblation.Row> f) {
        return rows.stream().mapToInt(f).distinct().sorted().boxed().toList();
    }

    private static List<String> distinctScores(List<StepAblation.Row> rows) { return rows.stream().map(StepAblation.Row::score).distinct().toList(); }

    private static List<StepAblation.Pair> distinctPairs(List<StepAblation.Row> rows) { return rows.stream().map(StepAblation.Row::pair).distinct().toList(); }
}
