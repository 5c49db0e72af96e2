package io.scorestream.columns;

import org.ejml.data.DMatrixRMaj;

import java.util.SplittableRandom;

/**
 * Rows whose columns have value types, for the tests: (1) a count, integer ≥ 0 (a mixture of two
 * rates, so the count is tied to column 3); (2) an amount that is exactly 0 in a third of the rows
 * and otherwise positive and continuous; (3) a reading rounded to 0.1 and bounded to [0, 10];
 * (4) a code: one of {@link #CODES}, values on no lattice (a score stored as a number, like a
 * survey's index of chronic conditions), the last one in half a percent of the rows.
 */
public final class TypedData {
    /** The share of exact zeros in column 2. */
    public static final double ZERO_SHARE = 1.0 / 3;

    /** The values of column 4: ln(1 + k²), k = 1..8, on no lattice. */
    public static final double[] CODES = java.util.stream.IntStream.rangeClosed(1, 8).mapToDouble(k -> Math.log(1 + k * k)).toArray();

    private TypedData() {}

    public static DMatrixRMaj rows(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        DMatrixRMaj x = new DMatrixRMaj(n, 4);
        for (int i = 0; i < n; i++) {
            boolean busy = rng.nextDouble() < 0.4;
            double rate = busy ? 9 : 2;
            int count = 0;   // Poisson by inversion
            for (double p = Math.exp(-rate), s = p, u = rng.nextDouble(); u > s; s += p) p *= rate / ++count;
            double amount = rng.nextDouble() < ZERO_SHARE ? 0 : -Math.log(1 - rng.nextDouble()) * (busy ? 5 : 1);
            double reading = Math.min(10, Math.max(0, Math.rint(10 * ((busy ? 6 : 3) + 1.5 * gaussian(rng))) / 10));
            x.set(i, 0, count);
            x.set(i, 1, amount);
            x.set(i, 2, reading);
            // Codes 1..7 by the busy state (low ones when quiet), code 8 in 0.5 % of the rows.
            int code = rng.nextDouble() < 0.005 ? 7 : (busy ? 3 : 0) + rng.nextInt(4);
            x.set(i, 3, CODES[code]);
        }
        return x;
    }

    private static double gaussian(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    /** Every value on its column's type: integer ≥ 0; ≥ 0; on the 0.1 lattice within [0, 10]; one of the codes. */
    public static String firstOffType(DMatrixRMaj x) {
        for (int i = 0; i < x.numRows; i++) {
            double count = x.get(i, 0), amount = x.get(i, 1), reading = x.get(i, 2), code = x.get(i, 3);
            if (java.util.Arrays.stream(CODES).noneMatch(c -> c == code)) return "row " + i + " code " + code;
            if (count != Math.rint(count) || count < 0) return "row " + i + " count " + count;
            if (!(amount >= 0)) return "row " + i + " amount " + amount;
            if (Math.abs(reading * 10 - Math.rint(reading * 10)) > 1e-9 || reading < 0 || reading > 10) return "row " + i + " reading " + reading;
        }
        return null;
    }

    public static double zeroShare(DMatrixRMaj x) {
        int zeros = 0;
        for (int i = 0; i < x.numRows; i++) if (x.get(i, 1) == 0) zeros++;
        return zeros / (double) x.numRows;
    }
}
