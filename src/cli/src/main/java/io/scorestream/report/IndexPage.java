package io.scorestream.report;

import io.scorestream.metrics.Evaluation;
import io.scorestream.model.ScoreModel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The report's index.html: a self-contained page (no scripts, no external resources). */
final class IndexPage {
    private IndexPage() {}

    static String render(ScoreModel model, Report.Sources sources, int generated, ReportOptions options,
                         Evaluation evaluation, ScoreErrorCurve curve, List<String> figures) {
        StringBuilder h = new StringBuilder(8192);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>ScoreStream report</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1400px;padding:0 1em;color:#222}\n")
                .append("table{border-collapse:collapse;margin:0.5em 0 1.5em}td,th{padding:0.2em 0.8em;text-align:left;border-bottom:1px solid #ddd}\n")
                .append("td.num{font-family:ui-monospace,monospace}figure{display:inline-block;margin:0 1em 1em 0;vertical-align:top}\n")
                .append("figcaption{font-size:0.9em;color:#555;max-width:640px}\n</style>\n</head>\n<body>\n")
                .append("<h1>ScoreStream report</h1>\n");

        h.append("<h2>Inputs</h2>\n<table>\n");
        List<String[]> inputs = new ArrayList<>();
        inputs.add(new String[]{"model", (sources.model() == null ? "" : sources.model() + ": ")
                + String.format(Locale.ROOT, "dimension %d, %d noise levels (t from %.3g to %.3g), version %d, %d samples absorbed",
                model.dimension(), model.levelCount(), model.schedule().minTime(), model.schedule().maxTime(),
                model.info().version(), model.info().samplesAbsorbed())
                + (model.info().description().isEmpty() ? "" : "; " + model.info().description())});
        inputs.add(new String[]{"reference", (sources.reference() == null ? "" : sources.reference() + ": ")
                + evaluation.referenceRows() + " samples"});
        inputs.add(new String[]{"generated", generated + " samples, " + options.plan() + ", seed "
                + options.seed() + " (saved as " + Report.GENERATED + ")"});
        if (evaluation.truth() != null)
            inputs.add(new String[]{"truth", (sources.truth() == null ? "" : sources.truth() + ": ")
                    + evaluation.truth().trueWeights().length + "-component Gaussian mixture"});
        inputs.add(new String[]{"written", Instant.now().toString()});
        for (String[] row : inputs) h.append("<tr><th>").append(escape(row[0])).append("</th><td>").append(escape(row[1])).append("</td></tr>\n");
        h.append("</table>\n");

        h.append("<h2>Figures</h2>\n");
        for (String figure : figures) {
            int[] size = size(figure);
            h.append("<figure><img src=\"").append(escape(figure)).append("\" width=\"").append(size[0])
                    .append("\" height=\"").append(size[1]).append("\" alt=\"").append(escape(caption(figure, model.recordSchema()))).append("\">")
                    .append("<figcaption>").append(escape(caption(figure, model.recordSchema()))).append("</figcaption></figure>\n");
        }

        h.append("<h2>Metrics</h2>\n<p>As <code>scorestream eval</code> computes them (seed ").append(options.seed())
                .append("), generated against reference, both in the reference's standardised coordinates.</p>\n<table>\n");
        metricRows(h, evaluation.twoSampleLines());
        metricRows(h, evaluation.truthLines());
        h.append("</table>\n");

        if (curve != null) {
            h.append("<h2>Score error per noise level</h2>\n<p>Relative L2 error ‖ŝ − s‖ / ‖s‖ of the learned score against the ")
                    .append("exact score of the true mixture, on ").append(options.scoreErrorPoints())
                    .append(" points of the noised truth per level, in the model's standardised coordinates. At the smallest ")
                    .append("noise levels the regression's signal-to-noise falls like s², so the error there is large and ")
                    .append("statistical; it barely moves samples, because a sampler step multiplies the score by a factor of order s².</p>\n<table>\n")
                    .append("<tr><th>t</th><th>relative error</th></tr>\n");
            double[] t = curve.times(), e = curve.errors();
            for (int i = 0; i < t.length; i++)
                h.append("<tr><td class=\"num\">").append(String.format(Locale.ROOT, "%.4g", t[i]))
                        .append("</td><td class=\"num\">").append(Evaluation.number(e[i])).append("</td></tr>\n");
            h.append("</table>\n");
        }
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    private static void metricRows(StringBuilder h, List<Evaluation.Line> lines) {
        for (Evaluation.Line line : lines)
            h.append("<tr><th>").append(escape(line.label().strip())).append("</th><td class=\"num\">")
                    .append(escape(line.value())).append("</td></tr>\n");
    }

    private static int[] size(String figure) {
        if (figure.equals(Report.SCATTER)) return new int[]{Figures.SCATTER_WIDTH, Figures.SCATTER_HEIGHT};
        if (figure.equals(Report.SCORE_ERROR)) return new int[]{Figures.ERROR_WIDTH, Figures.ERROR_HEIGHT};
        return new int[]{Figures.MARGINAL_WIDTH, Figures.MARGINAL_HEIGHT};
    }

    private static String caption(String figure, io.scorestream.io.RecordSchema columns) {
        if (figure.equals(Report.SCATTER))
            return "Reference (blue) and generated (orange) samples projected on the reference's top two principal directions.";
        if (figure.equals(Report.SCORE_ERROR))
            return "Relative error of the learned score against the exact score, per noise level (log-log).";
        int coordinate = Integer.parseInt(figure.replaceAll("\\D", "")) - 1;
        return "Density histogram of " + Figures.columnName(columns, coordinate) + ": reference (blue) and generated (orange).";
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
