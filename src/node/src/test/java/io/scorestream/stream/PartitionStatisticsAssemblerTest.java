package io.scorestream.stream;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import io.scorestream.data.Datasets;
import io.scorestream.learn.FitOptions;
import io.scorestream.learn.Fitter;
import io.scorestream.learn.ScoreLearner;
import io.scorestream.model.ModelStructure;
import io.scorestream.regression.CellStatistics;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The model side of the partition-local record path (RELIABILITY.md "Scaling out", P5): a version
 * is the sum of one state per partition — the newest — so a former owner's older prefix never
 * counts, and the sum equals one learner that absorbed every record once.
 */
class PartitionStatisticsAssemblerTest {
    private static final ActorTestKit KIT = ActorTestKit.create();
    private static final DMatrixRMaj ROWS = Datasets.generate("gmm", 300, 1).samples();
    private static final ModelStructure STRUCTURE = Fitter.fit(ROWS, FitOptions.defaults().withLevels(6), line -> {}).structure();

    @AfterAll
    static void stop() { KIT.shutdownTestKit(); }

    /** A partition's learner after absorbing rows [from, from + count) of ROWS as that partition's offsets 0..count-1. */
    private static ScoreLearner partition(int partition, int from, int count) {
        ScoreLearner learner = new ScoreLearner(STRUCTURE, 3, 1, BandRegressor.RIDGE);
        absorb(learner, partition, from, count);
        return learner;
    }

    private static void absorb(ScoreLearner learner, int partition, int from, int count) {
        int d = ROWS.numCols;
        DMatrixRMaj rows = new DMatrixRMaj(count, d);
        System.arraycopy(ROWS.data, from * d, rows.data, 0, count * d);
        long[] positions = new long[count];
        for (int i = 0; i < count; i++) positions[i] = IngestStream.position(partition, i);
        learner.absorb(rows, positions);
    }

    private static PartitionStatisticsAssembler.PartitionStatistics report(int partition, ScoreLearner learner) {
        return new PartitionStatisticsAssembler.PartitionStatistics(partition, learner.absorbed(), learner.absorbed(), 0, 1, learner.statistics());
    }

    private static PartitionStatisticsAssembler.Assembled assembled(ActorRef<PartitionStatisticsAssembler.Command> assembler) {
        TestProbe<PartitionStatisticsAssembler.Assembled> probe = KIT.createTestProbe();
        assembler.tell(new PartitionStatisticsAssembler.GetAssembled(probe.getRef()));
        return probe.receiveMessage();
    }

    @Test
    void aVersionSumsTheNewestStateOfEveryPartitionOnce() {
        ActorRef<PartitionStatisticsAssembler.Command> assembler = KIT.spawn(PartitionStatisticsAssembler.create(2));
        ScoreLearner formerOwner = partition(0, 0, 60), owner = partition(0, 0, 100), other = partition(1, 100, 80);

        assembler.tell(report(0, formerOwner));
        assertEquals(0, assembled(assembler).versions(), "no version while partition 1 has not reported");
        assembler.tell(report(1, other));
        PartitionStatisticsAssembler.Assembled first = assembled(assembler);
        assertEquals(1, first.versions());
        assertEquals(Map.of(0, 60L, 1, 80L), first.nextOffsets());
        assertEquals(140, first.absorbed());

        assembler.tell(report(0, owner));
        assembler.tell(report(0, formerOwner));   // late, from the node that lost partition 0: an older prefix
        PartitionStatisticsAssembler.Assembled last = assembled(assembler);
        assertEquals(2, last.versions(), "the older prefix makes no version");
        assertEquals(Map.of(0, 100L, 1, 80L), last.nextOffsets());
        assertEquals(180, last.absorbed());

        ScoreLearner once = new ScoreLearner(STRUCTURE, 3, 1, BandRegressor.RIDGE);
        absorb(once, 0, 0, 100);
        absorb(once, 1, 100, 80);
        CellStatistics[][] expected = once.statistics();
        assertEquals(expected.length, last.statistics().length);
        for (int j = 0; j < expected.length; j++)
            for (int c = 0; c < expected[j].length; c++) {
                CellStatistics want = expected[j][c], got = last.statistics()[j][c];
                assertEquals(want.rows(), got.rows(), "level " + j + " cell " + c + ": rows");
                assertEquals(want.weight(), got.weight(), 1e-9 * Math.max(1, Math.abs(want.weight())));
                double[] g = got.gram().data, w = want.gram().data;
                for (int k = 0; k < w.length; k++) assertEquals(w[k], g[k], 1e-9 * Math.max(1, Math.abs(w[k])), "level " + j + " cell " + c + " gram");
                double[] gx = got.cross().data, wx = want.cross().data;
                for (int k = 0; k < wx.length; k++) assertEquals(wx[k], gx[k], 1e-9 * Math.max(1, Math.abs(wx[k])), "level " + j + " cell " + c + " cross");
            }
    }
}
