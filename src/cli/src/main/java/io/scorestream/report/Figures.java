package io.scorestream.report;

import io.scorestream.features.PrincipalSubspace;
import io.scorestream.io.RecordSchema;
import io.scorestream.metrics.SampleOps;
import org.ejml.data.DMatrixRMaj;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The report's charts, drawn with XChart and encoded as PNG in memory. Reference data is always
 * blue and generated data always orange, both opaque so every figure shows both colours exactly.
 */
public final class Figures {
    public static final Color REFERENCE_COLOUR = new Color(31, 119, 180);
    public static final Color GENERATED_COLOUR = new Color(255, 127, 14);
    public static final int SCATTER_WIDTH = 640, SCATTER_HEIGHT = 600;
    public static final int MARGINAL_WIDTH = 520, MARGINAL_HEIGHT = 380;
    public static final int ERROR_WIDTH = 640, ERROR_HEIGHT = 420;
    /** Points drawn per series in the scatter: more only hides the other series. */
    static final int SCATTER_MAX_POINTS = 2000;

    static {
        // Charts are drawn off screen; without this, AWT would look for a display.
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    private Figures() {}

    /**
     * Reference and generated points projected on the reference's top two principal directions,
     * each column in units of its standard deviation in the reference (as the metrics measure):
     * in data units a column of time stamps in seconds held all the variance, and the figure
     * showed that one column.
     */
    static XYChart scatter(DMatrixRMaj referenceRows, DMatrixRMaj generatedRows, long seed) {
        DMatrixRMaj[] standardised = SampleOps.inUnitsOf(referenceRows, referenceRows, generatedRows);
        DMatrixRMaj reference = standardised[0], generated = standardised[1];
        int d = reference.numCols;
        double[] centre = PrincipalSubspace.columnMeans(reference);
        int[] all = new int[reference.numRows];
        Arrays.setAll(all, i -> i);
        // All d directions, so that the shares of the variance are of the total.
        PrincipalSubspace pcs = PrincipalSubspace.of(reference, all, all.length, centre, d);
        double[] variances = pcs.variances();
        double total = Arrays.stream(variances).sum();
        String xTitle = axisTitle(1, variances[0], total);
        String yTitle = d >= 2 ? axisTitle(2, variances[1], total) : "jitter (the data are one-dimensional)";
        XYChart chart = base(SCATTER_WIDTH, SCATTER_HEIGHT, "Reference vs generated on the reference's top principal directions",
                xTitle, yTitle);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(4);
        SplittableRandom rng = new SplittableRandom(seed);
        addScatter(chart, "reference", reference.numRows, project(reference, pcs.directions(), centre, rng), REFERENCE_COLOUR);
        addScatter(chart, "generated", generated.numRows, project(generated, pcs.directions(), centre, rng), GENERATED_COLOUR);
        return chart;
    }

    /**
     * Density histograms of one coordinate, reference vs generated, on bins spanning the
     * reference's range; generated values outside it are counted in the legend, not drawn. The
     * column is named as the model names it, and its axis reads as its values are written
     * ({@link #tickLabels}).
     */
    static XYChart marginal(DMatrixRMaj reference, DMatrixRMaj generated, int coordinate, RecordSchema columns) {
        double[] ref = column(reference, coordinate), gen = column(generated, coordinate);
        double lo = Arrays.stream(ref).min().orElse(0), hi = Arrays.stream(ref).max().orElse(1);
        double pad = hi > lo ? 0.05 * (hi - lo) : 0.5;
        int target = (int) Math.max(10, Math.min(60, Math.round(2 * Math.cbrt(ref.length))));
        // Bins of a round width starting at a multiple of it, so the axis ticks fall on round numbers.
        double width = roundUp((hi - lo + 2 * pad) / target);
        lo = Math.floor((lo - pad) / width) * width;
        int bins = (int) Math.ceil((hi + pad - lo) / width);
        double[] edges = new double[bins + 1];
        for (int b = 0; b <= bins; b++) edges[b] = lo + b * width;
        String name = columnName(columns, coordinate);
        XYChart chart = base(MARGINAL_WIDTH, MARGINAL_HEIGHT, "Marginal of " + name, name, "density");
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
        chart.getStyler().setXAxisDecimalPattern("0.##");
        java.util.function.Function<Double, String> labels = tickLabels(columns, coordinate);
        if (labels != null) chart.setCustomXAxisTickLabelsFormatter(labels);
        chart.getStyler().setYAxisDecimalPattern("0.###");
        addSteps(chart, "reference", edges, density(ref, lo, width, bins), REFERENCE_COLOUR);
        double[] genDensity = density(gen, lo, width, bins);
        long outside = Arrays.stream(gen).filter(v -> v < edges[0] || v >= edges[bins]).count();
        addSteps(chart, outside == 0 ? "generated" : "generated (" + outside + " outside the range)", edges, genDensity, GENERATED_COLOUR);
        return chart;
    }

    /** A column's name as the model has it ("x3" for the third of an unnamed model). */
    static String columnName(RecordSchema columns, int coordinate) {
        return columns.namesOr(coordinate + 1).get(coordinate);
    }

    /**
     * The tick labels of a column whose values are written as text: a date or time as the data
     * wrote it (a time stamp is seconds since 1970 in the model, "2010-01-01T01:00:00" in the
     * file), a percentage or amount with its sign, a label at its own index and nothing between
     * two; null for a column of plain numbers (the axis's own decimals).
     */
    static java.util.function.Function<Double, String> tickLabels(RecordSchema columns, int coordinate) {
        if (columns.isCategorical(coordinate))
            return v -> Math.abs(v - Math.rint(v)) < 1e-9 && v >= 0 && v < columns.labelsOf(coordinate).size() ? columns.text(coordinate, v) : "";
        if (columns.isTime(coordinate) || columns.hasNumberForm(coordinate)) return v -> columns.text(coordinate, v);
        return null;
    }

    /** The learned score's relative error against the exact one, log-log against the noise time. */
    static XYChart scoreError(ScoreErrorCurve curve) {
        XYChart chart = base(ERROR_WIDTH, ERROR_HEIGHT, "Learned vs exact score per noise level",
                "OU time t (noise level)", "relative L2 error of the score");
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setXAxisDecimalPattern("0.###E0");
        chart.getStyler().setYAxisDecimalPattern("0.###E0");
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        // A log axis cannot show 0; an exact match is drawn at the smallest double that prints.
        double[] errors = Arrays.stream(curve.errors()).map(e -> Math.max(e, 1e-12)).toArray();
        XYSeries series = chart.addSeries("‖ŝ − s‖ / ‖s‖ on points of the noised truth", curve.times(), errors);
        series.setLineColor(GENERATED_COLOUR);
        series.setMarkerColor(GENERATED_COLOUR);
        series.setMarker(SeriesMarkers.CIRCLE);
        series.setLineStyle(new BasicStroke(2f));
        return chart;
    }

    static byte[] png(XYChart chart) throws IOException {
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }

    private static XYChart base(int width, int height, String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        Styler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.InsideNE);
        styler.setLegendBackgroundColor(new Color(255, 255, 255, 220));
        styler.setAntiAlias(true);
        chart.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
        return chart;
    }

    private static void addScatter(XYChart chart, String name, int rows, double[][] xy, Color colour) {
        int shown = xy[0].length;
        XYSeries series = chart.addSeries(name + (shown < rows ? " (" + shown + " of " + rows + " shown)" : " (" + rows + ")"), xy[0], xy[1]);
        series.setMarker(SeriesMarkers.CIRCLE);
        series.setMarkerColor(colour);
    }

    private static void addSteps(XYChart chart, String name, double[] edges, double[] density, Color colour) {
        // A step series holds each y until the next x: one point per left edge, and the last bin closed at the right edge.
        double[] y = Arrays.copyOf(density, density.length + 1);
        y[density.length] = density[density.length - 1];
        XYSeries series = chart.addSeries(name, edges, y);
        series.setLineColor(colour);
        series.setLineStyle(new BasicStroke(2.5f));
        series.setMarker(SeriesMarkers.NONE);
    }

    private static double[] density(double[] values, double lo, double width, int bins) {
        double[] counts = new double[bins];
        for (double v : values) {
            int b = (int) Math.floor((v - lo) / width);
            if (b >= 0 && b < bins) counts[b]++;
        }
        for (int b = 0; b < bins; b++) counts[b] /= values.length * width;
        return counts;
    }

    /** Up to SCATTER_MAX_POINTS rows (a random subset) projected on the directions; a 1-D projection gets a jitter. */
    private static double[][] project(DMatrixRMaj x, DMatrixRMaj directions, double[] centre, SplittableRandom rng) {
        int d = x.numCols, m = Math.min(x.numRows, SCATTER_MAX_POINTS);
        int[] rows = subset(x.numRows, m, rng);
        double[][] xy = new double[2][m];
        for (int i = 0; i < m; i++) {
            int base = rows[i] * d;
            for (int k = 0; k < 2; k++) {
                if (k >= directions.numRows) {
                    xy[k][i] = rng.nextDouble() - 0.5;
                    continue;
                }
                double v = 0;
                for (int j = 0; j < d; j++) v += directions.get(k, j) * (x.data[base + j] - centre[j]);
                xy[k][i] = v;
            }
        }
        return xy;
    }

    /** m distinct indices below n in random order (a partial Fisher–Yates shuffle). */
    private static int[] subset(int n, int m, SplittableRandom rng) {
        int[] all = new int[n];
        Arrays.setAll(all, i -> i);
        for (int i = 0; i < m; i++) {
            int j = i + rng.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return Arrays.copyOf(all, m);
    }

    /** The smallest of 1, 2, 2.5 and 5 times a power of ten that is at least x (x > 0). */
    static double roundUp(double x) {
        double power = Math.pow(10, Math.floor(Math.log10(x)));
        for (double m : new double[]{1, 2, 2.5, 5, 10})
            if (m * power >= x * (1 - 1e-12)) return m * power;
        return 10 * power;
    }

    private static String axisTitle(int k, double variance, double total) {
        return String.format(Locale.ROOT, "principal direction %d (%.0f%% of the standardised variance)", k, total > 0 ? 100 * variance / total : 0);
    }

    private static double[] column(DMatrixRMaj x, int j) {
        double[] c = new double[x.numRows];
        for (int i = 0; i < c.length; i++) c[i] = x.data[i * x.numCols + j];
        return c;
    }
}
