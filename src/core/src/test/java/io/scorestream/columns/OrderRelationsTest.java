package io.scorestream.columns;

import io.scorestream.model.ColumnsCodec;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class OrderRelationsTest {
    private static final List<String> OHLC = List.of("open", "high", "low", "close", "volume");

    /** Daily prices in cents: low ≤ open, close ≤ high on every day; a volume that is larger than every price. */
    static DMatrixRMaj days(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        DMatrixRMaj rows = new DMatrixRMaj(n, 5);
        double price = 100;
        for (int i = 0; i < n; i++) {
            double open = price * Math.exp(0.01 * (rng.nextDouble() - 0.5)), close = open * Math.exp(0.04 * (rng.nextDouble() - 0.5));
            double high = Math.max(open, close) * (1 + 0.01 * rng.nextDouble()), low = Math.min(open, close) * (1 - 0.01 * rng.nextDouble());
            double[] r = {open, high, low, close, 1000 + rng.nextInt(9000)};
            for (int j = 0; j < 4; j++) r[j] = Math.rint(r[j] * 100) / 100;
            System.arraycopy(r, 0, rows.data, i * 5, 5);
            price = close;
        }
        return rows;
    }

    @Test
    void theDaysOrdersAreFoundAndNothingElse() {
        DMatrixRMaj rows = days(500, 1);
        OrderRelations found = OrderRelations.find(rows, ColumnTypes.learn(rows), new boolean[5]);
        assertEquals(List.of("open <= high", "low <= open", "low <= high", "low <= close", "close <= high"), found.describe(OHLC),
                "the volume's range lies above every price's: the bounds keep that order already");
        // One day out of order, or the high's column a label, and the orders through it are not the data's.
        DMatrixRMaj broken = rows.copy();
        broken.set(7, 1, broken.get(7, 2) - 0.01);
        assertEquals(List.of("low <= open", "low <= close"), OrderRelations.find(broken, ColumnTypes.learn(broken), new boolean[5]).describe(OHLC));
        assertEquals(List.of("low <= open", "low <= close"), OrderRelations.find(rows, ColumnTypes.learn(rows), new boolean[]{false, true, false, false, false}).describe(OHLC));
        // Too few rows to take an order for the data's.
        DMatrixRMaj few = new DMatrixRMaj(OrderRelations.MIN_ROWS - 1, 5);
        System.arraycopy(rows.data, 0, few.data, 0, few.getNumElements());
        assertTrue(OrderRelations.find(few, ColumnTypes.learn(few), new boolean[5]).isEmpty());
    }

    @Test
    void anOrderThatIndependentColumnsWouldKeepByChanceIsACoincidence() {
        // Two columns that seldom meet: b is above a on all 200 rows, but independent draws of the
        // same laws would be in order on every row with chance near 1 (a above b in 2 of 10 000 pairs).
        SplittableRandom rng = new SplittableRandom(6);
        DMatrixRMaj rows = new DMatrixRMaj(200, 2);
        for (int i = 0; i < 200; i++) {
            rows.set(i, 0, rng.nextDouble());
            rows.set(i, 1, i < 2 ? 1.0 + rng.nextDouble() * 0.01 : 1.5 + 3 * rng.nextDouble());
            if (i < 2) rows.set(i, 0, 0.5 * rng.nextDouble());
        }
        rows.set(5, 0, 1.2);   // one a above the lowest b's: the ranges overlap
        rows.set(5, 1, 4.0);
        assertTrue(OrderRelations.coincidence(column(rows, 0), column(rows, 1)));
        assertTrue(OrderRelations.find(rows, ColumnTypes.learn(rows), new boolean[2]).isEmpty());
        // A day's open and high meet all the time: kept with far fewer rows than this.
        DMatrixRMaj days = days(60, 8);
        assertFalse(OrderRelations.coincidence(column(days, 0), column(days, 1)));
    }

    private static double[] column(DMatrixRMaj rows, int j) {
        double[] out = new double[rows.numRows];
        for (int i = 0; i < out.length; i++) out[i] = rows.get(i, j);
        return out;
    }

    @Test
    void columnsOfAnotherLatticeAreNotOrderedWithEachOther() {
        DMatrixRMaj rows = days(400, 2);
        for (int i = 0; i < rows.numRows; i++) rows.set(i, 1, Math.ceil(rows.get(i, 1)));   // the high in whole units: its values are not the others'
        OrderRelations found = OrderRelations.find(rows, ColumnTypes.learn(rows), new boolean[5]);
        assertEquals(List.of("low <= open", "low <= close"), found.describe(OHLC));
    }

    @Test
    void aRowOutOfOrderIsPooledAtItsMeanOnItsTypes() {
        DMatrixRMaj rows = days(500, 3);
        ColumnTypes types = ColumnTypes.learn(rows);
        OrderRelations found = OrderRelations.find(rows, types, new boolean[5]);
        double[] row = {100.0, 99.5, 99.0, 101.25, 5000};   // the high below the open, the close above the high
        assertTrue(found.repair(row, 0, types) > 0);
        // open, high and close pooled at 100.25, the low left where it was: the nearest day in order.
        assertArrayEquals(new double[]{100.25, 100.25, 99.0, 100.25, 5000}, row, 1e-9);
        double[] offGrid = {100.0, 99.97, 99.0, 100.0, 5000};   // pooled at 99.99: on the cent grid, in order
        found.repair(offGrid, 0, types);
        for (int j = 0; j < 4; j++) assertTrue(types.type(j).holds(offGrid[j]), "column " + j + ": " + offGrid[j]);
        assertTrue(offGrid[2] <= offGrid[0] && offGrid[0] <= offGrid[1] && offGrid[3] <= offGrid[1], java.util.Arrays.toString(offGrid));
        double[] inOrder = {100.0, 101.0, 99.5, 100.5, 4000};
        assertEquals(0, found.repair(inOrder, 0, types));
        assertArrayEquals(new double[]{100.0, 101.0, 99.5, 100.5, 4000}, inOrder, 0.0);
    }

    @Test
    void swapsPutARowBackInOrderKeepingItsValues() {
        DMatrixRMaj rows = days(500, 3);
        OrderRelations found = OrderRelations.find(rows, ColumnTypes.learn(rows), new boolean[5]);
        double[] row = {101.5, 99.0, 102.0, 100.0, 5000};   // the high below everything, the low above everything
        double[] sorted = row.clone();
        assertTrue(found.swap(row, 0) > 0);
        assertTrue(row[2] <= row[0] && row[2] <= row[3] && row[0] <= row[1] && row[3] <= row[1], java.util.Arrays.toString(row));
        assertEquals(99.0, row[2]);
        assertEquals(102.0, row[1]);
        java.util.Arrays.sort(sorted);
        double[] kept = row.clone();
        java.util.Arrays.sort(kept);
        assertArrayEquals(sorted, kept, 0.0, "the row's values, moved between its columns");
    }

    @Test
    void generatedRowsComeBackInOrderAndTheOrdersTravelWithTheColumns() throws IOException {
        DMatrixRMaj rows = days(800, 4);
        Columns columns = Columns.learn(rows, ColumnOptions.DEFAULTS).withOrders(OrderRelations.find(rows, ColumnTypes.learn(rows), new boolean[5]));
        assertEquals(5, columns.orders().count());
        // Latent rows of independent normals: most are out of order before the repair.
        SplittableRandom rng = new SplittableRandom(9);
        DMatrixRMaj latent = new DMatrixRMaj(2000, 5);
        for (int i = 0; i < latent.getNumElements(); i++) latent.data[i] = Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
        DMatrixRMaj unordered = latent.copy();
        columns.withOrders(OrderRelations.none(5)).toData(unordered);
        columns.toData(latent);
        int before = 0;
        for (int i = 0; i < 2000; i++) {
            if (!inOrder(unordered, i)) before++;
            assertTrue(inOrder(latent, i), "row " + i);
            for (int j = 0; j < 5; j++) assertTrue(columns.types().type(j).holds(latent.get(i, j)), "row " + i + " column " + j + " on its type");
        }
        assertTrue(before > 1000, before + " rows out of order without the repair");
        byte[] bytes = ColumnsCodec.toBytes(columns);
        Columns back = ColumnsCodec.read(new DataInputStream(new ByteArrayInputStream(bytes)), 5);
        assertEquals(columns.orders(), back.orders());
        assertArrayEquals(bytes, ColumnsCodec.toBytes(back));
    }

    private static boolean inOrder(DMatrixRMaj x, int i) {
        double open = x.get(i, 0), high = x.get(i, 1), low = x.get(i, 2), close = x.get(i, 3);
        return low <= open && low <= close && open <= high && close <= high;
    }
}
