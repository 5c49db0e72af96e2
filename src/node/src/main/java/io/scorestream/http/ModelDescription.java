package io.scorestream.http;

import io.scorestream.model.ScoreModel;
import io.scorestream.schedule.TimeGrid;
import io.scorestream.stream.ModelAssembler;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code GET /model} answers (as JSON): the newest model's provenance, its shape (dimension,
 * record format, column names in order: "x1".."xd" when the feed has none), the noise
 * levels and the number of Voronoi cells at each, and the stream position it describes.
 */
public record ModelDescription(long version, int dimension, String format, java.util.List<String> columns, long samplesAbsorbed, long deadLettered,
                               long partitionVersion, String updatedAt, long updatedAtMillis, String description,
                               String schedule, int levels, double[] noiseTimes, double[] noiseSigmas, int[] cellsPerLevel,
                               int totalCells, Map<Integer, Long> nextOffsets) {

    public static ModelDescription of(ModelAssembler.ModelUpdated update) {
        ScoreModel model = update.model();
        TimeGrid schedule = model.schedule();
        int levels = model.levelCount();
        double[] sigmas = new double[levels];
        int[] cells = new int[levels];
        int total = 0;
        for (int j = 0; j < levels; j++) {
            sigmas[j] = schedule.sigma(j);
            cells[j] = model.level(j).structure().cells();
            total += cells[j];
        }
        long created = model.info().createdAtMillis();
        return new ModelDescription(model.info().version(), model.dimension(), model.recordSchema().format().label(),
                model.recordSchema().namesOr(model.dimension()), update.absorbed(), update.deadLettered(),
                model.info().partitionVersion(), Instant.ofEpochMilli(created).toString(), created, model.info().description(),
                schedule.name(), levels, schedule.times(), sigmas, cells, total, new TreeMap<>(update.nextOffsets()));
    }
}
