package io.scorestream.learn;

import io.scorestream.model.Framing;
import io.scorestream.model.ModelCodec;
import io.scorestream.model.ModelStructure;
import io.scorestream.model.StructureCodec;
import io.scorestream.regression.CellStatistics;
import org.ejml.data.DMatrixRMaj;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The binary form of a {@link LearnerState}, in the same checked envelope as model files. */
public final class LearnerStateCodec {
    public static final int FORMAT_VERSION = 14;   // 2: dead-lettered counts by reason; 3: the columns section; 4: soft-cell gates; 5: the subspace split; 6: dequantisation spreads; 7: repeated row values; 8: linear relations; 9: categorical columns' labels; 10: the labels' laws given the other columns; 11: orders among columns; 12: laws from counts for columns of more than 64 labels; 13: columns' significant digits; 14: the labels' additive laws
    private static final byte[] MAGIC = "SCSTSNAP".getBytes(StandardCharsets.US_ASCII);

    private LearnerStateCodec() {}

    public static void encode(LearnerState s, OutputStream sink) throws IOException {
        Framing.write(sink, MAGIC, FORMAT_VERSION, out -> {
            out.writeLong(s.createdAtMillis());
            out.writeLong(s.modelVersion());
            out.writeLong(s.absorbed());
            out.writeLong(s.deadLettered());
            out.writeInt(s.deadLetteredByReason().size());
            for (Map.Entry<String, Long> e : s.deadLetteredByReason().entrySet()) {
                out.writeUTF(e.getKey());
                out.writeLong(e.getValue());
            }
            out.writeInt(s.nextOffsets().size());
            for (Map.Entry<Integer, Long> e : s.nextOffsets().entrySet()) {
                out.writeInt(e.getKey());
                out.writeLong(e.getValue());
            }
            DMatrixRMaj recent = s.recentSamples();
            out.writeInt(recent.numRows);
            out.writeInt(recent.numCols);
            Framing.writeArray(out, java.util.Arrays.copyOf(recent.data, recent.getNumElements()));
            for (long position : s.recentPositions()) out.writeLong(position);
            StructureCodec.write(out, s.structure(), (o, level, cell) -> {
                CellStatistics c = s.statistics()[level][cell];
                Framing.writeArray(o, c.gram().data);
                Framing.writeArray(o, c.cross().data);
                o.writeDouble(c.weight());
                o.writeDouble(c.sumSquares());
                o.writeLong(c.rows());
            });
        });
    }

    public static byte[] encode(LearnerState s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        try {
            encode(s, bytes);
        } catch (IOException e) {
            throw new IllegalStateException("in-memory write failed", e);
        }
        return bytes.toByteArray();
    }

    public static LearnerState decode(byte[] bytes, String source) {
        DataInputStream in = Framing.read(bytes, MAGIC, FORMAT_VERSION, "snapshot", source);
        try {
            long created = in.readLong(), modelVersion = in.readLong(), absorbed = in.readLong(), deadLettered = in.readLong();
            int reasons = in.readInt();
            Map<String, Long> byReason = new TreeMap<>();
            for (int i = 0; i < reasons; i++) byReason.put(in.readUTF(), in.readLong());
            int partitions = in.readInt();
            Map<Integer, Long> offsets = new TreeMap<>();
            for (int i = 0; i < partitions; i++) offsets.put(in.readInt(), in.readLong());
            int rows = in.readInt(), cols = in.readInt();
            DMatrixRMaj recent = DMatrixRMaj.wrap(rows, cols, Framing.readArray(in, rows * cols));
            long[] positions = new long[rows];
            for (int i = 0; i < rows; i++) positions[i] = in.readLong();
            List<List<CellStatistics>> stats = new ArrayList<>();
            ModelStructure structure = StructureCodec.read(in, (i, level, cell, p, d) -> {
                while (stats.size() <= level) stats.add(new ArrayList<>());
                DMatrixRMaj gram = DMatrixRMaj.wrap(p, p, Framing.readArray(i, p * p));
                DMatrixRMaj cross = DMatrixRMaj.wrap(p, d, Framing.readArray(i, p * d));
                stats.get(level).add(CellStatistics.of(gram, cross, i.readDouble(), i.readDouble(), i.readLong()));
            });
            if (in.available() != 0) throw new ModelCodec.InvalidModelException(source + ": unexpected bytes after the snapshot");
            CellStatistics[][] statistics = new CellStatistics[stats.size()][];
            for (int j = 0; j < statistics.length; j++) statistics[j] = stats.get(j).toArray(new CellStatistics[0]);
            return new LearnerState(structure, statistics, absorbed, deadLettered, byReason, offsets, modelVersion, recent, positions, created);
        } catch (EOFException e) {
            throw new ModelCodec.InvalidModelException(source + ": snapshot file ends early");
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelCodec.InvalidModelException(source + ": invalid snapshot contents (" + e.getMessage() + ")");
        }
    }
}
