package io.scorestream.data;

import io.scorestream.io.CsvVectors;
import io.scorestream.io.RecordSchema;
import org.ejml.data.DMatrixRMaj;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;

/**
 * Real public data sets that nobody on the project made, vendored as CSV resources under
 * {@code io/scorestream/data/real/} (sources, licences and the exact extraction in the README.md
 * there). They have no truth: the quality suite splits their rows into train, reference and a
 * held-out part for the two-sample floor. Rows that overlap in time (the delay embedding) must be
 * split in blocks, or a held-out window would be a near copy of a training window:
 * {@link Source#splitBlock()} says how many consecutive rows move together.
 */
public final class RealDatasets {
    /**
     * One vendored data set: its kind name, resource file, character and split block length, and
     * whether the file keeps columns of text labels (read as {@link CsvVectors#readTable} reads a
     * user's CSV: each label its index in the column's sorted labels).
     */
    public record Source(String kind, String file, String character, int delay, int splitBlock, boolean labelled) {
        /** A file of numbers only. */
        public Source(String kind, String file, String character, int delay, int splitBlock) { this(kind, file, character, delay, splitBlock, false); }
    }

    /** Delay-embedding length of {@code hourly-delay}: eight consecutive hourly temperatures. */
    static final int HOURLY_DELAY = 8;
    /** Two days of hourly windows move together in a split, so no held-out window overlaps a training one (only at block edges). */
    static final int HOURLY_BLOCK = 48;

    private static final Map<String, Source> SOURCES = new LinkedHashMap<>();

    static {
        add(new Source("iris", "iris.csv", "4-D clustered measurements on a 0.1 cm grid", 0, 1));
        add(new Source("penguins", "penguins.csv", "4-D clustered measurements; flipper length and body mass are integers", 0, 1));
        add(new Source("weather", "seattle-weather.csv", "4-D daily weather; precipitation skewed with a point mass at 0 (57 % of days), all on a 0.1 grid", 0, 1));
        add(new Source("quakes", "quakes.csv", "3-D epicentre longitude, latitude and heavy-tailed depth in km", 0, 1));
        add(new Source("airports", "airports.csv", "2-D geographic longitude/latitude, heavy tails (Alaska, Hawaii, territories)", 0, 1));
        add(new Source("hourly-delay", "seattle-hourly-temperature.csv", "8-D delay embedding of an hourly temperature series on a 0.1 grid: a thin curved tube", HOURLY_DELAY, HOURLY_BLOCK));
        add(new Source("digits", "digits.csv.gz", "64-D 8×8 images, integer pixels 0..16, many exact zeros", 0, 1));
        add(new Source("diabetes", "diabetes.csv", "11-D patient measurements: integer age, sex 1 or 2, skewed serum values, integer progression", 0, 1));
        add(new Source("cars", "cars.csv", "7-D 1970s cars: integer cylinders (5 values), horsepower, weight, year; 14 rows with a missing value left out", 0, 1));
        add(new Source("wine", "wine.csv", "13-D chemistry of three cultivars, 178 rows; skewed positive columns (malic acid, proline)", 0, 1));
        add(new Source("breast-cancer", "breast-cancer.csv.gz", "30-D cell-nucleus measurements, 569 rows; strongly skewed positive, some exact zeros", 0, 1));
        add(new Source("flights", "flights.csv.gz", "2-D flight delay (min, heavy right tail) and distance (mi), integers, 10 000 rows", 0, 1));
        add(new Source("anes96", "anes96.csv", "10-D election survey, 944 respondents: 7-point scales, income brackets, age, a vote flag, a heavy-tailed population", 0, 1));
        add(new Source("randhie", "randhie.csv.gz", "10-D health-insurance person-years, 20 190 rows: a heavy-tailed count (0 in 31 %), three binary and one-hot flags, few-valued columns", 0, 1));
        add(new Source("gapminder", "gapminder.csv", "5-D demographics of 62 countries every 5 years 1955-2005, 682 rows: year and region codes, population over five orders of magnitude", 0, 1));
        add(new Source("macrodata", "macrodata.csv", "14-D US quarterly macroeconomics 1959-2009, 203 rows: year and quarter, eight trending series near a curve in time, rates with negative values", 0, 1));
        add(new Source("zipcodes", "zipcodes.csv.gz", "2-D latitude/longitude of 42 049 US postal codes: thousands of towns as modes, 23 % of rows sharing a place's coordinates, heavy tails (Alaska, Hawaii, Puerto Rico)", 0, 1));
        add(new Source("birdstrikes", "birdstrikes.csv.gz", "4-D FAA wildlife strikes, 7 164 rows: three dollar costs that are 0 in 98 % of rows with tails to millions (the total the sum of the other two), an integer airspeed", 0, 1));
        add(new Source("ionosphere", "ionosphere.csv.gz", "34-D radar returns, 351 rows: a 0/1 pulse flag, a column always 0, 32 values bounded in [-1, 1] with point masses at -1, 0 and 1", 0, 1));
        add(new Source("segment", "segment.csv.gz", "19-D features of 2 310 3×3 image regions: a constant column, few-valued line densities, heavy-tailed edge spreads, colour means that are exact linear functions of three others", 0, 1));
        add(new Source("glass", "glass.csv", "9-D compositions of 214 glass fragments: a refractive index and eight oxide percentages summing to 99-100, barium and iron 0 in 82 % and 67 % of rows", 0, 1));
        add(new Source("credit", "credit.csv", "7-D loan applicants, every column an integer: duration and amount skewed and heaped, four columns of 1 to 4, age, dependents 1 or 2", 0, 1));
        add(new Source("fair", "fair.csv.gz", "9-D survey of 6 366 married women: every column but one few-valued (1-5 and 1-4 ratings, bracketed age, years married and children, education, occupation codes), time in affairs 0 in 68 % with a heavy tail", 0, 1));
        add(new Source("sensor-log", "sensor-log.csv.gz", "6-D logs of four wireless sensor motes, 18 914 readings: the reading's number, the mote, an indoor flag, humidity (a third of its 0.01 grid) and temperature on four thin curves in time, an anomaly flag (0.8 %)", 0, 1));
        add(new Source("births", "births.csv.gz", "5-D US daily births 1969-1988, 7 305 days: year, month, day of the month and of the week (integers), births (6 675-12 851; weekends 15 % fewer, a slow rise across the years)", 0, 1));
        // With their label columns (text in the file, label indices here; see labels(kind)).
        add(new Source("penguins-labels", "penguins-labels.csv", "7-D penguins with species and island (3 labels each, 5 of their 9 pairs occur) and sex (2 labels) beside the four measurements", 0, 1, true));
        add(new Source("weather-labels", "weather-labels.csv", "5-D daily weather with the day's weather label (5 labels: rain and sun 44 % each, snow 2 %)", 0, 1, true));
        add(new Source("cars-labels", "cars-labels.csv", "8-D cars' seven columns with the origin (3 labels: USA 62 %, Japan, Europe)", 0, 1, true));
    }

    private RealDatasets() {}

    private static void add(Source s) { SOURCES.put(s.kind(), s); }

    /** All real kinds, in a fixed order (small to large dimension, roughly). */
    public static List<String> kinds() { return List.copyOf(SOURCES.keySet()); }

    public static boolean isReal(String kind) { return SOURCES.containsKey(kind); }

    public static Source source(String kind) {
        Source s = SOURCES.get(kind);
        if (s == null) throw new IllegalArgumentException("unknown real data set '" + kind + "'; known: " + String.join(", ", kinds()));
        return s;
    }

    /**
     * Every complete row of the data set (the delay embedding already built), in the file's order.
     * A file may keep its source's missing values as empty cells (cars); the rows holding one are
     * left out here, as {@code fit --drop-incomplete} does. A column of labels holds each label's
     * index in {@link #labels}.
     */
    public static DMatrixRMaj load(String kind) {
        Source s = source(kind);
        DMatrixRMaj raw = completeRows(loadWithMissing(kind));
        return s.delay() > 0 ? delayEmbedding(raw, s.delay()) : raw;
    }

    /**
     * The names of {@link #load}'s columns: the file's header, or for a delay embedding its one
     * column's name with the lag ({@code temperature_t+0} … {@code temperature_t+7}).
     */
    public static List<String> columnNames(String kind) {
        Source s = source(kind);
        String resource = "real/" + s.file();
        try (BufferedReader reader = open(resource)) {
            List<String> header = List.of(reader.readLine().split(",", -1));
            if (s.delay() == 0) return header;
            List<String> lagged = new ArrayList<>();
            for (int lag = 0; lag < s.delay(); lag++) lagged.add(header.get(0) + "_t+" + lag);
            return List.copyOf(lagged);
        } catch (IOException e) {
            throw new UncheckedIOException("reading resource " + resource, e);
        }
    }

    private static BufferedReader open(String resource) throws IOException {
        InputStream raw = RealDatasets.class.getResourceAsStream(resource);
        if (raw == null) throw new IllegalStateException("resource io/scorestream/data/" + resource + " is missing from the build");
        InputStream in = resource.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /** Every row of the file as shipped, a missing value as NaN (no delay embedding). */
    public static DMatrixRMaj loadWithMissing(String kind) {
        Source s = source(kind);
        return s.labelled() ? table(s).rows().copy() : read(s.file());
    }

    /**
     * Per column of {@link #load} its labels in sorted order, the column's values being their
     * indices (an empty list for a numeric column); an empty list for a set of numbers only.
     */
    public static List<List<String>> labels(String kind) {
        Source s = source(kind);
        return s.labelled() ? table(s).labels() : List.of();
    }

    /** The columns of {@link #load}: their names, and their labels where they hold labels (as a CSV file's are read). */
    public static RecordSchema schema(String kind) {
        return RecordSchema.named(RecordSchema.Format.CSV, columnNames(kind)).withLabels(labels(kind));
    }

    private static final Map<String, CsvVectors.Table> LABELLED = new ConcurrentHashMap<>();

    /**
     * A file with label columns, read by the CSV reader users' files go through (so the codes and
     * label lists are the reader's own); that reader takes a path, so the resource is copied to a
     * temporary file first. Read once per set.
     */
    private static CsvVectors.Table table(Source s) {
        return LABELLED.computeIfAbsent(s.kind(), kind -> {
            String resource = "real/" + s.file();
            try (InputStream in = RealDatasets.class.getResourceAsStream(resource)) {
                if (in == null) throw new IllegalStateException("resource io/scorestream/data/" + resource + " is missing from the build");
                Path copy = Files.createTempFile("scorestream-" + kind, ".csv");
                try {
                    Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
                    return CsvVectors.readTable(copy, List.of(), -1, null);
                } finally {
                    Files.deleteIfExists(copy);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading resource " + resource, e);
            }
        });
    }

    /** The rows without a NaN, in order. */
    static DMatrixRMaj completeRows(DMatrixRMaj x) {
        int d = x.numCols, kept = 0;
        double[] out = new double[x.data.length];
        for (int i = 0; i < x.numRows; i++) {
            boolean complete = true;
            for (int j = 0; j < d && complete; j++) complete = !Double.isNaN(x.data[i * d + j]);
            if (complete) System.arraycopy(x.data, i * d, out, kept++ * d, d);
        }
        return kept == x.numRows ? x : new DMatrixRMaj(kept, d, true, java.util.Arrays.copyOf(out, kept * d));
    }

    /** Rows (x_t, x_{t+1}, …, x_{t+delay−1}) of a one-column series. */
    static DMatrixRMaj delayEmbedding(DMatrixRMaj series, int delay) {
        if (series.numCols != 1) throw new IllegalArgumentException("a delay embedding needs one column, got " + series.numCols);
        int n = series.numRows - delay + 1;
        DMatrixRMaj out = new DMatrixRMaj(n, delay);
        for (int i = 0; i < n; i++) System.arraycopy(series.data, i, out.data, i * delay, delay);
        return out;
    }

    /** Parses a vendored resource: a header line, then rows of numbers or empty cells (NaN). The files are ours, so any flaw is a build error. */
    private static DMatrixRMaj read(String file) {
        String resource = "real/" + file;
        try (BufferedReader reader = open(resource)) {
            reader.readLine(); // header
            List<double[]> rows = new ArrayList<>();
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) continue;
                // split with limit −1 keeps a trailing empty cell; an empty cell is the source's missing value.
                rows.add(Arrays.stream(line.split(",", -1)).mapToDouble(v -> v.isEmpty() ? Double.NaN : Double.parseDouble(v)).toArray());
            }
            int d = rows.get(0).length;
            DMatrixRMaj out = new DMatrixRMaj(rows.size(), d);
            for (int i = 0; i < rows.size(); i++) {
                if (rows.get(i).length != d) throw new IllegalStateException(resource + " row " + (i + 2) + " has " + rows.get(i).length + " values, expected " + d);
                System.arraycopy(rows.get(i), 0, out.data, i * d, d);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("reading resource " + resource, e);
        }
    }
}
