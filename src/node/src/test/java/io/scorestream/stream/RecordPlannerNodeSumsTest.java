package io.scorestream.stream;

import akka.Done;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.receptionist.Receptionist;
import io.scorestream.data.Datasets;
import io.scorestream.learn.LearnerState;
import io.scorestream.learn.ScoreLearner;
import io.scorestream.model.ModelStructure;
import io.scorestream.regression.CellStatistics;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each node sums its partitions before shipping (one set of statistics per node per version). A
 * real planner and assembler with two stand-in learners: disjoint sums make the model; when a
 * rebalance leaves two nodes claiming a partition, the planner asks for per-partition reports and
 * keeps that partition's furthest prefix — never a partition counted twice.
 */
class RecordPlannerNodeSumsTest {
    @TempDir Path dir;

    @Test
    void disjointNodeSumsMakeTheModelAndAPartitionInTwoSumsFallsBackToPerPartitionReports() {
        StreamSettings s = PlannerFixture.settings("node-sums", dir);
        DMatrixRMaj rows = Datasets.generate("gmm", 1_100, 1).samples();
        ModelStructure structure = PlannerFixture.plan(s, CommonOps_DDRM.extract(rows, 0, 600, 0, rows.numCols));
        // Partition 0: rows 0..499 (offsets 0..499); partition 1: rows 500..1099 (offsets 0..599).
        ScoreLearner p0at300 = learned(structure, s, rows, 0, 300, 0), p0at500 = learned(structure, s, rows, 0, 500, 0),
                p1at600 = learned(structure, s, rows, 500, 600, 1);
        RecordPlanner.PartitionCount c0at300 = new RecordPlanner.PartitionCount(300, 300, 0, Map.of()),
                c0at500 = new RecordPlanner.PartitionCount(500, 500, 0, Map.of()), c1at600 = new RecordPlanner.PartitionCount(600, 600, 0, Map.of());
        PlannerFixture.MemoryStore merged = new PlannerFixture.MemoryStore(null),
                plan = new PlannerFixture.MemoryStore(PlannerFixture.partition0(structure, learned(structure, s, rows, 0, 0, 0), 0, 0));
        ActorTestKit kit = ActorTestKit.create();
        try {
            TestProbe<PartitionLearner.Command> a = kit.createTestProbe("a"), b = kit.createTestProbe("b");
            for (TestProbe<PartitionLearner.Command> learner : List.of(a, b))
                kit.system().receptionist().tell(Receptionist.register(PartitionLearner.SERVICE_KEY, learner.getRef()));
            ActorRef<RecordPlanner.Command> planner = kit.spawn(RecordPlanner.create(s, () -> merged, () -> plan, p -> new PlannerFixture.MemoryStore(null)));
            a.expectMessageClass(PartitionLearner.UseStructure.class, Duration.ofSeconds(30));
            b.expectMessageClass(PartitionLearner.UseStructure.class, Duration.ofSeconds(30));

            // Version 1: node a sums partition 0 at 300, node b partition 1 at 600.
            TestProbe<Done> published = kit.createTestProbe();
            planner.tell(new RecordPlanner.Collect(published.getRef()));
            PartitionLearner.Report ra = report(a), rb = report(b);
            assertTrue(ra.summed() && rb.summed(), "the first round asks each node for one sum");
            ra.replyTo().tell(new RecordPlanner.NodeReport(ra.round(), a.getRef(), structure.version(), Map.of(0, c0at300), 0, 1, p0at300.statistics()));
            ra.replyTo().tell(new RecordPlanner.LearnerReported(ra.round(), a.getRef()));
            rb.replyTo().tell(new RecordPlanner.NodeReport(rb.round(), b.getRef(), structure.version(), Map.of(1, c1at600), 0, 1, p1at600.statistics()));
            rb.replyTo().tell(new RecordPlanner.LearnerReported(rb.round(), b.getRef()));
            published.expectMessage(Duration.ofSeconds(60), Done.getInstance());
            LearnerState v1 = last(merged, 1);
            assertEquals(Map.of(0, 300L, 1, 600L), v1.nextOffsets());
            assertEquals(900, v1.absorbed());
            assertSameWeights(StatisticsSum.of(List.of(p0at300.statistics(), p1at600.statistics())), v1.statistics());

            // Version 2: partition 0 moved to b (at 500) while a still claims it (at 300): two sums hold it.
            planner.tell(new RecordPlanner.Collect(published.getRef()));
            ra = report(a);
            rb = report(b);
            ra.replyTo().tell(new RecordPlanner.NodeReport(ra.round(), a.getRef(), structure.version(), Map.of(0, c0at300), 0, 1, p0at300.statistics()));
            ra.replyTo().tell(new RecordPlanner.LearnerReported(ra.round(), a.getRef()));
            CellStatistics[][] bSum = StatisticsSum.of(List.of(p0at500.statistics(), p1at600.statistics()));
            rb.replyTo().tell(new RecordPlanner.NodeReport(rb.round(), b.getRef(), structure.version(), Map.of(0, c0at500, 1, c1at600), 0, 1, bSum));
            rb.replyTo().tell(new RecordPlanner.LearnerReported(rb.round(), b.getRef()));
            ra = report(a);
            rb = report(b);
            assertFalse(ra.summed() || rb.summed(), "a partition in two sums: the same version from per-partition reports");
            ra.replyTo().tell(new RecordPlanner.PartitionReport(0, structure.version(), c0at300, 0, 1, p0at300.statistics()));
            ra.replyTo().tell(new RecordPlanner.LearnerReported(ra.round(), a.getRef()));
            // Partition 0's prefix in two slices, the first arriving twice (two rounds, or two owners, can
            // send the same prefix): counted once, so the report is complete only with the second.
            CellStatistics[][] all = p0at500.statistics();
            int half = all.length / 2;
            RecordPlanner.PartitionReport low = new RecordPlanner.PartitionReport(0, structure.version(), c0at500, 0, 2, java.util.Arrays.copyOfRange(all, 0, half));
            rb.replyTo().tell(low);
            rb.replyTo().tell(low);
            rb.replyTo().tell(new RecordPlanner.PartitionReport(0, structure.version(), c0at500, half, 2, java.util.Arrays.copyOfRange(all, half, all.length)));
            rb.replyTo().tell(new RecordPlanner.PartitionReport(1, structure.version(), c1at600, 0, 1, p1at600.statistics()));
            rb.replyTo().tell(new RecordPlanner.LearnerReported(rb.round(), b.getRef()));
            published.expectMessage(Duration.ofSeconds(60), Done.getInstance());
            LearnerState v2 = last(merged, 2);
            assertEquals(Map.of(0, 500L, 1, 600L), v2.nextOffsets(), "each partition's furthest prefix, once");
            assertEquals(1_100, v2.absorbed());
            assertSameWeights(StatisticsSum.of(List.of(p0at500.statistics(), p1at600.statistics())), v2.statistics());

            // Version 3: back to one sum per node.
            planner.tell(new RecordPlanner.Collect(published.getRef()));
            assertTrue(report(a).summed() && report(b).summed());
        } finally {
            kit.shutdownTestKit();
        }
    }

    @Test
    void nodeSumsThatMissOrFallBehindAPartitionOfTheLastModelCannotMakeTheNextOne() {
        CellStatistics[][] one = {{new CellStatistics(2, 1)}};
        RecordPlanner.PartitionCount at10 = new RecordPlanner.PartitionCount(10, 10, 0, Map.of());
        NodeSums sums = new NodeSums(1);
        sums.add("a", Map.of(0, at10), 0, 1, one);
        assertNull(sums.conflict(Map.of(0, 10L), java.util.Set.of(0)));
        assertEquals("partition 0 is at 10, behind the last model's 11", sums.conflict(Map.of(0, 11L), java.util.Set.of()));
        assertEquals("partition 1 is in the last model but in no node's sum", sums.conflict(Map.of(0, 10L, 1, 5L), java.util.Set.of()));
        assertEquals("partition 2 has a report or snapshot but is in no node's sum", sums.conflict(Map.of(0, 10L), java.util.Set.of(0, 2)));
        NodeSums halfArrived = new NodeSums(2);
        halfArrived.add("a", Map.of(0, at10), 0, 2, one);
        assertEquals(Map.of(), halfArrived.claims(), "a sum with a slice missing claims nothing");
        halfArrived.add("a", Map.of(0, at10), 0, 2, one);
        assertEquals(Map.of(), halfArrived.claims(), "the same slice twice is still a slice missing");
        halfArrived.add("a", Map.of(0, at10), 1, 2, one);
        assertEquals(Map.of(0, at10), halfArrived.claims(), "complete with the other slice");
    }

    private static ScoreLearner learned(ModelStructure structure, StreamSettings s, DMatrixRMaj rows, int from, int count, int partition) {
        ScoreLearner learner = new ScoreLearner(structure, s.seed(), 1, BandRegressor.RIDGE, 0, structure.levelCount(), Partitioner.drawSchedule(s, structure));
        if (count > 0) learner.absorb(CommonOps_DDRM.extract(rows, from, from + count, 0, rows.numCols), IngestStream.position(partition, 0));
        return learner;
    }

    private static PartitionLearner.Report report(TestProbe<PartitionLearner.Command> learner) {
        return learner.fishForMessage(Duration.ofSeconds(30), m -> m instanceof PartitionLearner.Report
                ? akka.actor.testkit.typed.javadsl.FishingOutcomes.complete() : akka.actor.testkit.typed.javadsl.FishingOutcomes.continueAndIgnore())
                .stream().map(PartitionLearner.Report.class::cast).reduce((x, y) -> y).orElseThrow();
    }

    private static LearnerState last(PlannerFixture.MemoryStore store, int versions) {
        synchronized (store) {
            assertEquals(versions, store.saved.size());
            return store.saved.get(versions - 1);
        }
    }

    private static void assertSameWeights(CellStatistics[][] expected, CellStatistics[][] actual) {
        for (int j = 0; j < expected.length; j++)
            for (int c = 0; c < expected[j].length; c++) {
                assertEquals(expected[j][c].weight(), actual[j][c].weight(), 1e-9 * Math.max(1, expected[j][c].weight()), "level " + j + " cell " + c);
                assertEquals(expected[j][c].sumSquares(), actual[j][c].sumSquares(), 1e-9 * Math.max(1, expected[j][c].sumSquares()), "level " + j + " cell " + c);
            }
    }
}
