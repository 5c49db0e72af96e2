package io.scorestream.model;

import io.scorestream.io.RecordSchema;
import io.scorestream.columns.Columns;
import io.scorestream.features.CellFeatureMap;
import io.scorestream.features.CellGates;
import io.scorestream.features.HermiteBasis;
import io.scorestream.partition.Partition;
import io.scorestream.schedule.TimeGrid;
import org.ejml.data.DMatrixRMaj;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static io.scorestream.model.Framing.readArray;
import static io.scorestream.model.Framing.writeArray;

/**
 * A model as records of a compacted Kafka topic. A whole model can be tens of megabytes, over
 * Kafka's 1 MB record limit, so each record holds one level's cells [first, first + n), at most
 * {@value #CHUNK_BYTES} bytes of them, keyed by level and first cell (compaction keeps the newest
 * per key), one more record holds the column transforms and types, and one the subspace split. Every record carries the
 * model version and what is needed to rebuild the model, so a reader takes the newest version
 * whose columns and split records and levels are all complete.
 */
public final class ModelTopicCodec {
    static final int CHUNK_BYTES = 512 * 1024;
    private static final byte[] MAGIC = "SCSTLEVL".getBytes(StandardCharsets.US_ASCII);
    private static final int FORMAT_VERSION = 13;   // 2: the columns record; 3: soft-cell gates; 4: the split record, cells in its r coordinates; 5: dequantisation spreads; 6: repeated row values; 7: linear relations; 8: categorical columns' labels; 9: the labels' laws given the other columns; 10: orders among columns; 11: laws from counts for columns of more than 64 labels; 12: columns' significant digits; 13: the labels' additive laws
    /** Key of the record holding a version's column transforms and types (once per version, not per chunk). */
    public static final String COLUMNS_KEY = "columns";
    /** Key of the record holding a version's subspace split (r·d numbers of basis, once per version). */
    public static final String SPLIT_KEY = "split";
    private static final byte COLUMNS_RECORD = 0, LEVEL_RECORD = 1, SPLIT_RECORD = 2;

    public record Chunk(String key, byte[] value) {}

    private ModelTopicCodec() {}

    public static List<Chunk> encode(ScoreModel model) {
        List<Chunk> out = new ArrayList<>();
        out.add(new Chunk(COLUMNS_KEY, record(model, COLUMNS_RECORD, o -> ColumnsCodec.write(o, model.columns()))));
        out.add(new Chunk(SPLIT_KEY, record(model, SPLIT_RECORD, o -> StructureCodec.writeSplit(o, model.split()))));
        int d = model.split().rank();   // the cells' dimension
        for (int j = 0; j < model.levelCount(); j++) {
            LevelStructure s = model.level(j).structure();
            int p = s.featureCount(), r = s.features()[0].basis().rank();
            int perCell = 8 * (d + r * d + r + p * d) + 64;
            int cellsPerChunk = Math.max(1, CHUNK_BYTES / perCell);
            for (int first = 0; first < s.cells(); first += cellsPerChunk)
                out.add(new Chunk(String.format("level-%04d-%04d", j, first), chunk(model, j, first, Math.min(cellsPerChunk, s.cells() - first))));
        }
        return out;
    }

    /** A record: the version's info and dimension, the record kind, then body. */
    private static byte[] record(ScoreModel model, byte kind, Framing.Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            Framing.write(bytes, MAGIC, FORMAT_VERSION, out -> {
                ModelInfo info = model.info();
                out.writeLong(info.version());
                out.writeLong(info.samplesAbsorbed());
                out.writeLong(info.partitionVersion());
                out.writeLong(info.createdAtMillis());
                RecordSchema.writeWithDimension(out, model.recordSchema(), model.dimension());
                out.writeByte(kind);
                body.write(out);
            });
        } catch (IOException e) {
            throw new IllegalStateException("in-memory write failed", e);
        }
        return bytes.toByteArray();
    }

    private static byte[] chunk(ScoreModel model, int level, int first, int count) {
        return record(model, LEVEL_RECORD, out -> {
                out.writeUTF(model.schedule().name());
                out.writeInt(model.levelCount());
                writeArray(out, model.schedule().times());
                LevelStructure s = model.level(level).structure();
                HermiteBasis basis = s.features()[0].basis();
                out.writeInt(basis.rank());
                out.writeInt(basis.degree());
                out.writeInt(level);
                out.writeInt(s.dimension());
                out.writeInt(s.cells());
                writeArray(out, s.partition().centres().data);
                StructureCodec.writeGates(out, s.gates());
                out.writeInt(first);
                out.writeInt(count);
                for (int c = first; c < first + count; c++) {
                    StructureCodec.writeCellMap(out, s.features()[c]);
                    writeArray(out, model.level(level).coefficients(c).data);
                }
        });
    }

    /** Rebuilds models from topic records; the newest version with every level complete wins. */
    public static final class Reader {
        private final Map<Long, Version> versions = new TreeMap<>();

        /** Adds one record value; a record that is not a model chunk is refused with a message. */
        public void add(byte[] value, String source) {
            DataInputStream in = Framing.read(value, MAGIC, FORMAT_VERSION, "model record", source);
            try {
                ModelInfo info = new ModelInfo(in.readLong(), in.readLong(), in.readLong(), in.readLong(), "from topic");
                RecordSchema.WithDimension named = RecordSchema.readWithDimension(in);
                int d = named.dimension();
                byte kind = in.readByte();
                if (kind == COLUMNS_RECORD) {
                    Columns columns = ColumnsCodec.read(in, d);
                    versions.computeIfAbsent(info.version(), k -> new Version(info)).columns[0] = columns;
                    versions.get(info.version()).names[0] = named.schema();
                    return;
                }
                if (kind == SPLIT_RECORD) {
                    SubspaceSplit split = StructureCodec.readSplit(in, d);
                    versions.computeIfAbsent(info.version(), k -> new Version(info)).split[0] = split;
                    return;
                }
                if (kind != LEVEL_RECORD) throw new IOException("unknown record kind " + kind);
                String name = in.readUTF();
                int levels = in.readInt();
                TimeGrid schedule = new TimeGrid(name, readArray(in, levels));
                HermiteBasis basis = new HermiteBasis(in.readInt(), in.readInt());
                int level = in.readInt(), r = in.readInt(), cells = in.readInt();
                if (r < 1 || r > d) throw new IOException("cell dimension " + r + " outside 1.." + d);
                Partition partition = new Partition(DMatrixRMaj.wrap(cells, r, readArray(in, cells * r)));
                CellGates gates = StructureCodec.readGates(in, cells, basis.rank());
                int first = in.readInt(), count = in.readInt(), p = CellFeatureMap.size(r, basis);
                Version v = versions.computeIfAbsent(info.version(), k -> new Version(info));
                v.schedule[0] = schedule;
                v.names[0] = named.schema();
                Version.Level l = v.levels.computeIfAbsent(level, k -> new Version.Level(partition, gates, new CellFeatureMap[cells], new DMatrixRMaj[cells]));
                for (int c = first; c < first + count; c++) {
                    l.maps[c] = StructureCodec.readCellMap(in, r, basis);
                    l.coefficients[c] = DMatrixRMaj.wrap(p, r, readArray(in, p * r));
                }
            } catch (IOException | IllegalArgumentException e) {
                throw new ModelCodec.InvalidModelException(source + ": invalid model record (" + e.getMessage() + ")");
            }
        }

        /** Forgets versions up to and including this one (a follower that has announced it needs them no more). */
        public void dropThrough(long version) {
            versions.keySet().removeIf(v -> v <= version);
        }

        public Optional<ScoreModel> newestComplete() {
            List<Long> newestFirst = new ArrayList<>(versions.keySet());
            java.util.Collections.reverse(newestFirst);
            for (long version : newestFirst) {
                Optional<ScoreModel> m = versions.get(version).model();
                if (m.isPresent()) return m;
            }
            return Optional.empty();
        }

        /** A version being gathered: its columns and split records and schedule arrive with whichever record comes first. */
        private record Version(ModelInfo info, Columns[] columns, SubspaceSplit[] split, RecordSchema[] names, TimeGrid[] schedule, Map<Integer, Level> levels) {
            Version(ModelInfo info) { this(info, new Columns[1], new SubspaceSplit[1], new RecordSchema[1], new TimeGrid[1], new HashMap<>()); }

            record Level(Partition partition, CellGates gates, CellFeatureMap[] maps, DMatrixRMaj[] coefficients) {}

            Optional<ScoreModel> model() {
                TimeGrid schedule = this.schedule[0];
                if (columns[0] == null || split[0] == null || schedule == null) return Optional.empty();
                LevelModel[] out = new LevelModel[schedule.size()];
                for (int j = 0; j < out.length; j++) {
                    Level l = levels.get(j);
                    if (l == null) return Optional.empty();
                    for (DMatrixRMaj w : l.coefficients) if (w == null) return Optional.empty();
                    out[j] = new LevelModel(new LevelStructure(schedule.time(j), l.partition, l.maps, l.gates), l.coefficients);
                }
                for (Level l : levels.values()) if (l.partition.dimension() != split[0].rank()) return Optional.empty();
                return Optional.of(new ScoreModel(schedule, columns[0], split[0], out, info, names[0]));
            }
        }
    }
}
