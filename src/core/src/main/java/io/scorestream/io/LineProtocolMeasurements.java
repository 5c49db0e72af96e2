package io.scorestream.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The measurements of a file of InfluxDB line protocol and the one read. Telegraf's file output
 * writes every input's points into one file (cpu, mem, disk, …), and each measurement has its own
 * fields: a table is one measurement's points. The one named ({@code fit --measurement}) is read,
 * else the one of the most points (the first of them written on a tie); the others are left out and
 * counted. Before, such a file stopped {@code fit} at the first point of a second measurement with
 * "field usage_user is missing".
 */
final class LineProtocolMeasurements {
    private final Map<String, Long> points;   // in the order first written
    private final String read;

    private LineProtocolMeasurements(Map<String, Long> points, String read) {
        this.points = points;
        this.read = read;
    }

    /** The file's measurements counted, and the one to read: named (null: the one of the most points). */
    static LineProtocolMeasurements of(Path file, String named) {
        Map<String, Long> points = new LinkedHashMap<>();
        try (BufferedReader reader = DataFiles.openText(file)) {
            String line;
            boolean first = true;
            while ((line = reader.readLine()) != null) {
                if (first && !line.isEmpty() && line.charAt(0) == '\uFEFF') line = line.substring(1);
                first = false;
                String measurement = line.isBlank() ? null : InfluxLines.measurement(line);
                if (measurement != null) points.merge(measurement, 1L, Long::sum);
            }
        } catch (IOException e) {
            return new LineProtocolMeasurements(points, named);   // the reader meets the fault and names its line
        }
        if (named != null) {
            if (!points.isEmpty() && !points.containsKey(named))
                throw InputException.in(file, "--measurement " + named + ": no point of that measurement; the file holds " + listed(points));
            return new LineProtocolMeasurements(points, named);
        }
        String most = null;
        for (Map.Entry<String, Long> e : points.entrySet()) if (most == null || e.getValue() > points.get(most)) most = e.getKey();
        return new LineProtocolMeasurements(points, most);
    }

    /** Whether a line's point is read (a line of no measurement goes to the reader, which names what is wrong with it). */
    boolean reads(String line) {
        if (read == null || points.size() < 2) return true;
        String measurement = InfluxLines.measurement(line);
        return measurement == null || measurement.isEmpty() || measurement.equals(read);
    }

    /** What fit says where points were left out: "points of 3 measurements: cpu's 600 read; mem (300), disk (100) left out (--measurement chooses)"; null for one measurement. */
    String note() {
        if (points.size() < 2) return null;
        String others = points.entrySet().stream().filter(e -> !e.getKey().equals(read))
                .map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining(", "));
        return "points of " + points.size() + " measurements: " + read + "'s " + points.get(read) + " read; " + others + " left out (--measurement chooses)";
    }

    private static String listed(Map<String, Long> points) {
        return points.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + (e.getValue() == 1 ? " point)" : " points)")).collect(Collectors.joining(", "));
    }
}
