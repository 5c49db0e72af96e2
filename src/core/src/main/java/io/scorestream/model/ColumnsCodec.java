package io.scorestream.model;

import io.scorestream.columns.ColumnTransform;
import io.scorestream.columns.ColumnType;
import io.scorestream.columns.ColumnTypes;
import io.scorestream.columns.Columns;
import io.scorestream.columns.LabelConditionals;
import io.scorestream.columns.LinearRelations;
import io.scorestream.columns.OrderRelations;
import io.scorestream.columns.RepeatedRows;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

import static io.scorestream.model.Framing.readArray;
import static io.scorestream.model.Framing.writeArray;

/**
 * The columns section of the model file, the snapshot and the model topic: per column its
 * transform (kind, affine map, quantile knots, point-mass intervals) and its value type (range,
 * lattice, point masses), then the repeated row values with their counts and share, the exact
 * linear relations, the orders among columns, and the laws of the columns of labels given the other columns. Self-contained, so other per-column facts can be added beside it.
 */
public final class ColumnsCodec {
    private ColumnsCodec() {}

    public static void write(DataOutputStream out, Columns columns) throws IOException {
        ColumnTransform[] transforms = columns.transforms();
        ColumnTypes types = columns.types();
        out.writeInt(transforms.length);
        for (int j = 0; j < transforms.length; j++) {
            ColumnTransform t = transforms[j];
            out.writeByte(t.kind().ordinal());
            out.writeDouble(t.mean());
            out.writeDouble(t.scale());
            out.writeDouble(t.step());
            out.writeDouble(t.spread());
            writeArray(out, t.knotX());
            writeArray(out, t.knotU());
            writeArray(out, t.atoms());
            writeArray(out, t.atomLow());
            writeArray(out, t.atomHigh());
            ColumnType c = types.type(j);
            out.writeDouble(c.lower());
            out.writeDouble(c.upper());
            out.writeDouble(c.step());
            out.writeDouble(c.origin());
            out.writeInt(c.decimals());
            out.writeInt(c.significant());
            writeArray(out, c.atoms());
            writeArray(out, c.atomShares());
        }
        RepeatedRows repeated = columns.repeated();
        out.writeInt(repeated.size());
        writeArray(out, repeated.values());
        for (long count : repeated.counts()) out.writeLong(count);
        out.writeDouble(repeated.share());
        LinearRelations relations = columns.relations();
        out.writeInt(relations.count());
        if (!relations.isEmpty()) {
            writeArray(out, relations.centre());
            writeArray(out, relations.scale());
            writeArray(out, relations.basis());
        }
        OrderRelations orders = columns.orders();
        out.writeInt(orders.count());
        for (int r = 0; r < orders.count(); r++) {
            out.writeInt(orders.lower(r));
            out.writeInt(orders.upper(r));
        }
        LabelConditionals labels = columns.labels();
        out.writeInt(labels.count());
        if (labels.isEmpty()) return;
        for (int m = 0; m < labels.count(); m++) {
            out.writeInt(labels.column(m));
            out.writeInt(labels.classes(m));
            out.writeByte(labels.degree(m));
            writeArray(out, labels.weights(m));
        }
        out.writeBoolean(labels.fromLatent());
        for (int a = 0; a < labels.others().length; a++) {
            writeArray(out, labels.knotX(a));
            writeArray(out, labels.knotZ(a));
            writeArray(out, labels.hatKnots(a));
        }
    }

    /** The section as {@link #write} writes it: equal bytes, equal columns. */
    public static byte[] toBytes(Columns columns) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(out, columns);
        } catch (IOException e) {
            throw new IllegalStateException("in-memory write failed", e);
        }
        return bytes.toByteArray();
    }

    public static Columns read(DataInputStream in, int dimension) throws IOException {
        int d = in.readInt();
        if (d != dimension) throw new IOException("columns section has " + d + " columns, the model " + dimension);
        ColumnTransform[] transforms = new ColumnTransform[d];
        ColumnType[] types = new ColumnType[d];
        for (int j = 0; j < d; j++) {
            int kind = in.readByte();
            if (kind < 0 || kind >= ColumnTransform.Kind.values().length) throw new IOException("unknown column transform kind " + kind);
            double mean = in.readDouble(), scale = in.readDouble(), step = in.readDouble(), spread = in.readDouble();
            if (!(spread > 0 && spread <= 1)) throw new IOException("column " + (j + 1) + ": dequantisation spread " + spread + " is not in (0, 1]");
            double[] knotX = readArray(in, -1), knotU = readArray(in, knotX.length);
            double[] atoms = readArray(in, -1), low = readArray(in, atoms.length), high = readArray(in, atoms.length);
            transforms[j] = new ColumnTransform(ColumnTransform.Kind.values()[kind], mean, scale, step, spread, knotX, knotU, atoms, low, high);
            double lower = in.readDouble(), upper = in.readDouble(), typeStep = in.readDouble(), origin = in.readDouble();
            int decimals = in.readInt(), significant = in.readInt();
            if (significant == 0 || significant < -1 || significant > 17) throw new IOException("column " + (j + 1) + ": " + significant + " significant digits");
            double[] typeAtoms = readArray(in, -1);
            types[j] = new ColumnType(lower, upper, typeStep, origin, decimals, significant, typeAtoms, readArray(in, typeAtoms.length));
        }
        int repeatedValues = in.readInt();
        if (repeatedValues < 0 || repeatedValues > RepeatedRows.MAX_VALUES) throw new IOException(repeatedValues + " repeated row values");
        double[] values = readArray(in, repeatedValues * d);
        long[] counts = new long[repeatedValues];
        for (int k = 0; k < repeatedValues; k++) counts[k] = in.readLong();
        RepeatedRows repeated = new RepeatedRows(d, values, counts, in.readDouble());
        int relationCount = in.readInt();
        if (relationCount < 0 || relationCount > d) throw new IOException(relationCount + " linear relations among " + d + " columns");
        LinearRelations relations = relationCount == 0 ? LinearRelations.none(d)
                : new LinearRelations(readArray(in, d), readArray(in, d), readArray(in, relationCount * d), relationCount);
        int orderCount = in.readInt();
        if (orderCount < 0 || orderCount > d * (d - 1)) throw new IOException(orderCount + " column orders among " + d + " columns");
        int[] lower = new int[orderCount], upper = new int[orderCount];
        for (int r = 0; r < orderCount; r++) { lower[r] = in.readInt(); upper[r] = in.readInt(); }
        OrderRelations orders;
        try {
            orders = new OrderRelations(d, lower, upper);
        } catch (IllegalArgumentException e) {
            throw new IOException("column orders: " + e.getMessage());
        }
        int labelColumns = in.readInt();
        if (labelColumns < 0 || labelColumns > d) throw new IOException(labelColumns + " columns of labels among " + d + " columns");
        int[] columns = new int[labelColumns], classes = new int[labelColumns], degrees = new int[labelColumns];
        double[][] weights = new double[labelColumns][];
        for (int m = 0; m < labelColumns; m++) {
            columns[m] = in.readInt();
            classes[m] = in.readInt();
            degrees[m] = in.readByte();
            weights[m] = readArray(in, -1);
        }
        LabelConditionals labels;
        try {
            if (labelColumns == 0) {
                labels = LabelConditionals.none(d);
            } else {
                int others = d - labelColumns;
                boolean fromLatent = in.readBoolean();
                double[][] knotX = new double[others][], knotZ = new double[others][], hatKnots = new double[others][];
                for (int a = 0; a < others; a++) {
                    knotX[a] = readArray(in, -1);
                    knotZ[a] = readArray(in, knotX[a].length);
                    hatKnots[a] = readArray(in, -1);
                }
                labels = new LabelConditionals(d, columns, classes, degrees, weights, fromLatent, knotX, knotZ, hatKnots);
            }
        } catch (IllegalArgumentException e) {
            throw new IOException("columns of labels: " + e.getMessage());
        }
        return new Columns(transforms, new ColumnTypes(types), repeated, relations, labels, orders);
    }

}
