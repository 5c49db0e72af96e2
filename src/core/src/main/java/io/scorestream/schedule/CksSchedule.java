package io.scorestream.schedule;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The grid of Chen, Kontonis and Shah (COLT 2025). In reverse time r = T − t it takes uniform
 * steps of κ up to r = T − 1, then steps κ/(1+κ)^ℓ, which land on r = T − (1+κ)^{−ℓ}; it stops
 * at r = T − δ. In forward OU time: t = 1 + iκ' (κ' ≤ κ fitting [1, T] exactly) above 1, and
 * t = (1+κ)^{−ℓ} below 1, down to δ.
 */
public final class CksSchedule extends TimeGrid {

    public CksSchedule(double horizon, double kappa, double deltaStop) {
        super("cks", build(horizon, kappa, deltaStop));
    }

    private static double[] build(double horizon, double kappa, double delta) {
        if (!(horizon > 1)) throw new IllegalArgumentException("cks schedule needs horizon T > 1, got " + horizon);
        if (!(kappa > 0)) throw new IllegalArgumentException("cks schedule needs kappa > 0, got " + kappa);
        if (!(delta > 0 && delta < 1)) throw new IllegalArgumentException("cks schedule needs 0 < delta < 1, got " + delta);
        List<Double> t = new ArrayList<>();
        double shrink = 1;
        while (true) {
            shrink /= 1 + kappa;
            if (shrink <= delta) break;
            t.add(shrink);
        }
        t.add(delta);
        Collections.reverse(t);
        int uniformSteps = (int) Math.ceil((horizon - 1) / kappa - 1e-9);
        double step = (horizon - 1) / uniformSteps;
        for (int i = 0; i <= uniformSteps; i++) t.add(1 + i * step);
        return t.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
