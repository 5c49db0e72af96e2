package io.scorestream.learn;

import io.scorestream.data.Datasets;
import io.scorestream.model.ScoreModel;
import io.scorestream.sampler.Sampler;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class RingProbe {
    /** exact score of (ring radius R + N(0,v I)) noised at t, in coords where ring is radius R */
    static void ringScore(double R, double v, double t, DMatrixRMaj x, DMatrixRMaj out) {
        double a = Math.exp(-t), s2 = -Math.expm1(-2*t), var = a*a*v + s2;
        out.reshape(x.numRows, 2);
        int m = 2000;
        for (int i = 0; i < x.numRows; i++) {
            double x0 = x.get(i,0), x1 = x.get(i,1);
            double[] lw = new double[m]; double mx = -1e300;
            for (int k = 0; k < m; k++) { double th = 2*Math.PI*k/m; double d0 = x0 - a*R*Math.cos(th), d1 = x1 - a*R*Math.sin(th); lw[k] = -(d0*d0+d1*d1)/(2*var); mx = Math.max(mx, lw[k]); }
            double z=0, g0=0, g1=0;
            for (int k = 0; k < m; k++) { double th = 2*Math.PI*k/m; double w = Math.exp(lw[k]-mx); z+=w; g0 += w*(a*R*Math.cos(th)-x0); g1 += w*(a*R*Math.sin(th)-x1); }
            out.set(i,0,g0/z/var); out.set(i,1,g1/z/var);
        }
    }
    @Test
    void probe() {
        DMatrixRMaj data = Datasets.generate("ring", 20000, 1).samples();
        ScoreModel model = Fitter.fit(data, FitOptions.defaults(), System.err::println);
        double sc = model.standardiser().scale()[0];
        System.err.printf("mean %s scale %s%n", java.util.Arrays.toString(model.standardiser().mean()), java.util.Arrays.toString(model.standardiser().scale()));
        double R = 1/sc, v = 0.05*0.05/(sc*sc);
        for (double t : new double[]{1e-4, 1e-3, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3}) {
            double a = Math.exp(-t), s = Math.sqrt(-Math.expm1(-2*t));
            java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
            DMatrixRMaj x = new DMatrixRMaj(2000, 2);
            for (int i = 0; i < 2000; i++) { double th = rng.nextDouble()*2*Math.PI; double sd = Math.sqrt(a*a*v + s*s);
                x.set(i,0,a*R*Math.cos(th)+sd*rng.nextGaussian()); x.set(i,1,a*R*Math.sin(th)+sd*rng.nextGaussian()); }
            DMatrixRMaj got = new DMatrixRMaj(1,1), want = new DMatrixRMaj(1,1);
            model.score(t, x, got); ringScore(R, v, t, x, want);
            double num=0, den=0; for (int i=0;i<4000;i++){ double df=got.data[i]-want.data[i]; num+=df*df; den+=want.data[i]*want.data[i]; }
            int lvl = 0; while (lvl < model.levelCount()-1 && model.schedule().time(lvl) < t) lvl++;
            System.err.printf("t=%g rel err %.3f cells %d%n", t, Math.sqrt(num/den), model.level(lvl).structure().cells());
        }
        for (double sw : new double[]{-1, 1e9, 1.0, 0.3, 0.1, 0.03, 0.01, 0.001}) {
            final double swt = sw;
            io.scorestream.model.ScoreFunction f = new io.scorestream.model.ScoreFunction() {
                public int dimension() { return 2; }
                public void score(double t, DMatrixRMaj x, DMatrixRMaj out) { if (t > swt) model.score(t, x, out); else ringScore(R, v, t, x, out); }
            };
            DMatrixRMaj g = Sampler.named("ddpm").sample(f, model.schedule(), 3000, 3);
            double m=0, m2=0; for (int i=0;i<3000;i++){ double r=Math.hypot(g.get(i,0), g.get(i,1))*sc; m+=r; m2+=r*r; }
            m/=3000; System.err.printf("model above t=%g, oracle below: gen radius mean %.3f sd %.3f%n", sw, m, Math.sqrt(m2/3000-m*m));
        }
    }
}
