package io.scorestream.model;

import io.scorestream.io.RecordSchema;
import io.scorestream.columns.Columns;
import io.scorestream.features.CellFeatureMap;
import io.scorestream.features.CellGates;
import io.scorestream.features.HermiteBasis;
import io.scorestream.partition.Partition;
import io.scorestream.schedule.TimeGrid;
import org.ejml.data.DMatrixRMaj;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

import static io.scorestream.model.Framing.readArray;
import static io.scorestream.model.Framing.skipArray;
import static io.scorestream.model.Framing.writeArray;

/**
 * Binary form of a {@link ModelStructure} (column transforms and types, subspace split, schedule, partitions and
 * feature maps, the last two in the split's r coordinates), with
 * a hook for what each cell carries besides: coefficients in a model, statistics in a snapshot.
 */
public final class StructureCodec {
    public interface CellWriter { void write(DataOutputStream out, int level, int cell) throws IOException; }

    public interface CellReader { void read(DataInputStream in, int level, int cell, int features, int dimension) throws IOException; }

    private StructureCodec() {}

    public static void write(DataOutputStream out, ModelStructure s, CellWriter cells) throws IOException {
        int d = s.dimension();
        out.writeLong(s.version());
        RecordSchema.writeWithDimension(out, s.recordSchema(), d);
        ColumnsCodec.write(out, s.columns());
        writeSplit(out, s.split());
        out.writeUTF(s.schedule().name());
        out.writeInt(s.levelCount());
        writeArray(out, s.schedule().times());
        HermiteBasis basis = s.level(0).features()[0].basis();
        out.writeInt(basis.rank());
        out.writeInt(basis.degree());
        for (int j = 0; j < s.levelCount(); j++) writeLevel(out, s.level(j), j, cells);
    }

    /** The subspace split: a rank (d when full), then, when split, its basis, complement mean and variances. */
    public static void writeSplit(DataOutputStream out, SubspaceSplit split) throws IOException {
        out.writeInt(split.rank());
        if (split.isFull()) return;
        writeArray(out, split.basis().data);
        writeArray(out, split.complementMean());
        writeArray(out, split.complementVariances());
    }

    public static SubspaceSplit readSplit(DataInputStream in, int d) throws IOException {
        int r = in.readInt();
        if (r == d) return SubspaceSplit.full(d);
        if (r < 1 || r > d) throw new IOException("subspace rank " + r + " outside 1.." + d);
        DMatrixRMaj basis = DMatrixRMaj.wrap(r, d, readArray(in, r * d));
        return SubspaceSplit.of(basis, readArray(in, d), readArray(in, d));
    }

    /**
     * One level's partition and feature maps (without its time and the shared basis, which the
     * caller writes), as inside {@link #write}; j is passed to the cell writer.
     */
    public static void writeLevel(DataOutputStream out, LevelStructure level, int j, CellWriter cells) throws IOException {
        out.writeInt(level.cells());
        writeArray(out, level.partition().centres().data);
        writeGates(out, level.gates());
        for (int c = 0; c < level.cells(); c++) {
            writeCellMap(out, level.features()[c]);
            cells.write(out, j, c);
        }
    }

    /** A level's soft-cell gates, or a flag that its cells are Voronoi cells (null). */
    public static void writeGates(DataOutputStream out, CellGates gates) throws IOException {
        out.writeBoolean(gates != null);
        if (gates == null) return;
        writeArray(out, gates.logWeights());
        writeArray(out, gates.variances());
        writeArray(out, gates.residuals());
    }

    /** What {@link #writeGates} wrote, for k cells of rank r. */
    public static CellGates readGates(DataInputStream in, int k, int rank) throws IOException {
        return in.readBoolean() ? new CellGates(readArray(in, k), readArray(in, k * rank), readArray(in, k)) : null;
    }

    /** One cell's feature map: centre, principal directions, scales (the basis is written once elsewhere). */
    public static void writeCellMap(DataOutputStream out, CellFeatureMap map) throws IOException {
        writeArray(out, map.centre());
        writeArray(out, map.directions().data);
        writeArray(out, map.scales());
    }

    public static CellFeatureMap readCellMap(DataInputStream in, int d, HermiteBasis basis) throws IOException {
        int r = basis.rank();
        double[] centre = readArray(in, d);
        DMatrixRMaj directions = DMatrixRMaj.wrap(r, d, readArray(in, r * d));
        return new CellFeatureMap(centre, directions, readArray(in, r), basis);
    }

    /** What {@link #write} writes before the levels: all but each level's partition, maps and cells. */
    public record Header(long version, RecordSchema recordSchema, Columns columns, SubspaceSplit split, TimeGrid schedule, HermiteBasis basis) {
        /** The dimension of the levels' cells: the split's rank. */
        public int cellDimension() { return split.rank(); }
    }

    public static Header readHeader(DataInputStream in) throws IOException {
        long version = in.readLong();
        RecordSchema.WithDimension named = RecordSchema.readWithDimension(in);
        int d = named.dimension();
        Columns columns = ColumnsCodec.read(in, d);
        SubspaceSplit split = readSplit(in, d);
        String scheduleName = in.readUTF();
        int levels = in.readInt();
        TimeGrid schedule = new TimeGrid(scheduleName, readArray(in, levels));
        HermiteBasis basis = new HermiteBasis(in.readInt(), in.readInt());
        return new Header(version, named.schema(), columns, split, schedule, basis);
    }

    public static ModelStructure read(DataInputStream in, CellReader cells) throws IOException {
        Header h = readHeader(in);
        LevelStructure[] structures = new LevelStructure[h.schedule().size()];
        for (int j = 0; j < structures.length; j++) structures[j] = readLevel(in, h.schedule().time(j), h.cellDimension(), h.basis(), j, cells);
        return new ModelStructure(h.schedule(), h.columns(), structures, h.version(), h.recordSchema(), h.split());
    }

    /**
     * Passes over what {@link #writeLevel} wrote without decoding it, checking every array's
     * length as {@link #readLevel} would; cells skips each cell's own part.
     */
    public static void skipLevel(DataInputStream in, int d, HermiteBasis basis, int j, CellReader cells) throws IOException {
        int p = CellFeatureMap.size(d, basis), r = basis.rank();
        int k = in.readInt();
        if (k < 1) throw new IOException("level " + j + " has " + k + " cells");
        skipArray(in, (long) k * d);
        if (in.readBoolean()) {
            skipArray(in, k);
            skipArray(in, (long) k * r);
            skipArray(in, k);
        }
        for (int c = 0; c < k; c++) {
            skipArray(in, d);
            skipArray(in, (long) r * d);
            skipArray(in, r);
            cells.read(in, j, c, p, d);
        }
    }

    /** Reads what {@link #writeLevel} wrote, for a level at time t of dimension d on basis. */
    public static LevelStructure readLevel(DataInputStream in, double time, int d, HermiteBasis basis, int j, CellReader cells) throws IOException {
        int p = CellFeatureMap.size(d, basis);
        int k = in.readInt();
        Partition partition = new Partition(DMatrixRMaj.wrap(k, d, readArray(in, k * d)));
        CellGates gates = readGates(in, k, basis.rank());
        CellFeatureMap[] maps = new CellFeatureMap[k];
        for (int c = 0; c < k; c++) {
            maps[c] = readCellMap(in, d, basis);
            cells.read(in, j, c, p, d);
        }
        return new LevelStructure(time, partition, maps, gates);
    }
}
