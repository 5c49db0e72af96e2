package io.scorestream.sampler;

import io.scorestream.learn.FitOptions;
import io.scorestream.learn.Fitter;
import io.scorestream.model.ScoreModel;
import io.scorestream.testing.Mixtures;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import java.util.SplittableRandom;

class OdeProbe {
    @Test
    void probe() {
        DMatrixRMaj data = Mixtures.separatedIsotropic().sample(4000, new SplittableRandom(1), null);
        ScoreModel model = Fitter.fit(data, FitOptions.defaults().withDegree(Integer.getInteger("deg", 4)).withLevels(100), null);
        ProbabilityFlowSampler ode = new ProbabilityFlowSampler();
        SplittableRandom rng = new SplittableRandom(3);
        DMatrixRMaj x = new DMatrixRMaj(3000, 2);
        for (int i = 0; i < x.data.length; i++) x.data[i] = rng.nextGaussian();
        DMatrixRMaj score = new DMatrixRMaj(1,1);
        var grid = model.schedule();
        for (int j = grid.size()-1; j >= 1; j--) {
            model.score(grid.time(j), x, score);
            double maxScore = 0; for (int i=0;i<6000;i++) maxScore = Math.max(maxScore, Math.abs(score.data[i]));
            ode.step(x, score, grid.time(j), grid.time(j-1), rng);
            double max = 0; int arg=-1; for (int i=0;i<6000;i++) if (Math.abs(x.data[i])>max){max=Math.abs(x.data[i]);arg=i/2;}
            if (max > 4 || j % 10 == 0) System.err.printf("level %d t=%.4g max|x|=%.2f (row %d, cells %d) max|score|=%.2f%n", j-1, grid.time(j-1), max, arg, model.level(j).structure().cells(), maxScore);
        }
    }
}
