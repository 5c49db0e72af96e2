package io.scorestream.learn;

import io.scorestream.mixture.ExactScore;
import io.scorestream.mixture.GaussianMixture;
import io.scorestream.model.ScoreModel;
import io.scorestream.sampler.Sampler;
import io.scorestream.testing.Mixtures;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import java.util.SplittableRandom;

class ScratchProbe {
    static GaussianMixture gmm64() {
        SplittableRandom r = new SplittableRandom(3); int d = 64; double[][] mu = new double[4][d];
        for (int i=0;i<4;i++){ double n=0; for(int j=0;j<d;j++){mu[i][j]=r.nextGaussian(); n+=mu[i][j]*mu[i][j];} for(int j=0;j<d;j++) mu[i][j]*=4/Math.sqrt(n)*Math.sqrt(2)/1; }
        return GaussianMixture.isotropic(new double[]{.1,.2,.3,.4}, mu, 1.0);
    }
    static GaussianMixture many() {
        double[][] mu = new double[25][]; double[] w = new double[25];
        for (int i=0;i<25;i++){ mu[i]=new double[]{i%5, i/5}; w[i]=1; }
        return GaussianMixture.isotropic(w, mu, 0.08*0.08);
    }
    @Test
    void probe() {
        FitOptions opts = FitOptions.defaults().withDegree(Integer.getInteger("deg",2)).withCoverRadius(Double.parseDouble(System.getProperty("cr","1")));
        for (GaussianMixture truth : System.getProperty("which","both").equals("many") ? new GaussianMixture[]{many()} : new GaussianMixture[]{gmm64(), many()}) {
            DMatrixRMaj data = truth.sample(20000, new SplittableRandom(1), null);
            long t0=System.nanoTime();
            ScoreModel model = Fitter.fit(data, opts, System.err::println);
            double fit=(System.nanoTime()-t0)/1e9;
            GaussianMixture std = truth.standardised(model.standardiser().mean(), model.standardiser().scale());
            StringBuilder sb = new StringBuilder(String.format("d=%d fit %.1fs ", truth.dimension(), fit));
            for (double t : new double[]{0.003, 0.01, 0.03, 0.1, 0.3, 1})
                sb.append(String.format("t=%g:%.3f ", t, Mixtures.relativeScoreError(model, std, t, 2000, 7)));
            t0=System.nanoTime();
            DMatrixRMaj g = Sampler.named("ddpm").sample(model, model.schedule(), 10000, 3);
            double st=(System.nanoTime()-t0)/1e9;
            DMatrixRMaj o = Sampler.named("ddpm").sample(new ExactScore(std), model.schedule(), 10000, 3);
            DMatrixRMaj ref = std.sample(10000, new SplittableRandom(99), null);
            sb.append(String.format(" | weightErr learned %.4f oracle %.4f truth %.4f sample %.2fs", Mixtures.weightError(std,g), Mixtures.weightError(std,o), Mixtures.weightError(std, ref), st));
            sb.append(String.format(" | meanLL learned %.3f oracle %.3f truth %.3f", ll(std,g), ll(std,o), ll(std,ref)));
            System.err.println(sb);
        }
    }
    static double ll(GaussianMixture m, DMatrixRMaj x){ double s=0; double[] row=new double[x.numCols]; for(int i=0;i<x.numRows;i++){System.arraycopy(x.data,i*x.numCols,row,0,x.numCols); s+=m.logDensity(row);} return s/x.numRows; }
}
