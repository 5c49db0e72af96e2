package io.scorestream.data;

import io.scorestream.mixture.GaussianMixture;
import org.ejml.data.DMatrixRMaj;

import java.util.function.Supplier;

/**
 * A generated benchmark sample: {@code samples} is n×d (rows are points); {@code truth} is the exact
 * law the rows were drawn from when that law is a Gaussian mixture, and {@code null} otherwise. The
 * truth is built on first use: at d = 768 its d×d factorisations take seconds, and most callers never ask.
 */
public final class Dataset {
    private final String kind;
    private final DMatrixRMaj samples;
    private Supplier<GaussianMixture> truthSource;
    private GaussianMixture truth;

    Dataset(String kind, DMatrixRMaj samples, Supplier<GaussianMixture> truth) {
        this.kind = kind;
        this.samples = samples;
        this.truthSource = truth;
    }

    public String kind() { return kind; }
    public DMatrixRMaj samples() { return samples; }

    public synchronized GaussianMixture truth() {
        if (truthSource != null) {
            truth = truthSource.get();
            truthSource = null;
        }
        return truth;
    }
}
