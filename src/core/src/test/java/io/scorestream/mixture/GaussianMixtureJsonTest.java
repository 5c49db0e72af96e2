package io.scorestream.mixture;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class GaussianMixtureJsonTest {
    @TempDir Path dir;

    @Test
    void jacksonRoundTripPreservesTheDistribution() throws IOException {
        GaussianMixture m = new GaussianMixture(
                new double[]{0.25, 0.75},
                new double[][]{{1, -2}, {0.1, 3}},
                new double[][][]{{{2, 0.5}, {0.5, 1}}, {{0.3, 0}, {0, 0.7}}});
        Path f = dir.resolve("m.json");
        ObjectMapper mapper = new ObjectMapper();
        mapper.writeValue(f.toFile(), m);
        GaussianMixture back = mapper.readValue(f.toFile(), GaussianMixture.class);
        assertArrayEquals(m.weights(), back.weights(), 0.0);
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(m.means()[i], back.means()[i], 0.0);
            for (int r = 0; r < 2; r++) assertArrayEquals(m.covariances()[i][r], back.covariances()[i][r], 0.0);
        }
        double[] x = {0.3, 0.4};
        assertEquals(m.logDensity(x), back.logDensity(x), 0.0);
        // Only the three defining fields are serialised: derived quantities must not leak into the file.
        assertEquals(3, mapper.readTree(f.toFile()).size());
    }
}
