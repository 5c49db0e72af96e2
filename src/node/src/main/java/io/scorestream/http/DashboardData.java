package io.scorestream.http;

import io.scorestream.features.PrincipalSubspace;
import io.scorestream.metrics.SampleOps;
import org.ejml.data.DMatrixRMaj;

/**
 * What the dashboard page polls: the counters, the stream's health (records waiting, seconds
 * without progress while they wait, the stall's one-line reason or null, reader restarts), and
 * recent incoming and freshly generated samples projected on the incoming samples' top two
 * principal directions of their standardised columns (a second coordinate of zero for
 * one-dimensional data).
 */
public record DashboardData(long modelVersion, long absorbed, long deadLettered, Long lag, long samplesGenerated,
                            String updatedAt, double modelAgeSeconds, int dimension, double[] varianceShare,
                            double[][] incoming, double[][] generated,
                            long waiting, double secondsWithoutProgress, String stall, long readerRestarts) {

    /**
     * Projects both sets on incoming's top two principal directions (incoming must have rows), each
     * column in units of its standard deviation in incoming, as the metrics measure: in data units
     * a column of time stamps in seconds held all the variance, and the picture was that column.
     */
    static double[][][] project(DMatrixRMaj incomingRows, DMatrixRMaj generatedRows) {
        DMatrixRMaj[] standardised = SampleOps.inUnitsOf(incomingRows, incomingRows, generatedRows);
        DMatrixRMaj incoming = standardised[0], generated = standardised[1];
        int d = incoming.numCols, rank = Math.min(2, d);
        double[] centre = PrincipalSubspace.columnMeans(incoming);
        int[] all = new int[incoming.numRows];
        java.util.Arrays.setAll(all, i -> i);
        PrincipalSubspace pcs = PrincipalSubspace.of(incoming, all, all.length, centre, rank);
        return new double[][][]{apply(incoming, pcs.directions(), centre), apply(generated, pcs.directions(), centre)};
    }

    /** The shares of the standardised variance along incoming's top two principal directions. */
    static double[] varianceShare(DMatrixRMaj incomingRows) {
        DMatrixRMaj incoming = SampleOps.inUnitsOf(incomingRows, incomingRows)[0];
        int d = incoming.numCols;
        double[] centre = PrincipalSubspace.columnMeans(incoming);
        int[] all = new int[incoming.numRows];
        java.util.Arrays.setAll(all, i -> i);
        double[] v = PrincipalSubspace.of(incoming, all, all.length, centre, d).variances();
        double total = java.util.Arrays.stream(v).sum();
        double[] share = new double[Math.min(2, d)];
        for (int k = 0; k < share.length; k++) share[k] = total > 0 ? v[k] / total : 0;
        return share;
    }

    private static double[][] apply(DMatrixRMaj x, DMatrixRMaj directions, double[] centre) {
        int d = x.numCols;
        double[][] xy = new double[x.numRows][2];
        for (int i = 0; i < x.numRows; i++)
            for (int k = 0; k < directions.numRows; k++) {
                double v = 0;
                for (int j = 0; j < d; j++) v += directions.get(k, j) * (x.data[i * d + j] - centre[j]);
                xy[i][k] = v;
            }
        return xy;
    }
}
