package io.scorestream.data;

import io.scorestream.mixture.GaussianMixture;
import org.ejml.data.DMatrixRMaj;

/**
 * A generated benchmark sample: {@code samples} is n×d (rows are points); {@code truth} is the exact
 * law the rows were drawn from when that law is a Gaussian mixture, and {@code null} otherwise.
 */
public record Dataset(String kind, DMatrixRMaj samples, GaussianMixture truth) {}
