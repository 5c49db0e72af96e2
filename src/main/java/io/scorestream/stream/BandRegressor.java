package io.scorestream.stream;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.scorestream.learn.ScoreLearner;
import io.scorestream.model.LevelModel;
import io.scorestream.model.ModelStructure;
import io.scorestream.regression.CellStatistics;
import org.ejml.data.DMatrixRMaj;

/**
 * Owns the statistics of one band of noise levels. Every batch reaches every band; a band solves
 * its levels on request. Statistics always belong to one partition version: a batch tagged with
 * another version is refused, never mixed in.
 */
public final class BandRegressor extends AbstractBehavior<BandRegressor.Command> {

    public sealed interface Command extends CborSerializable {}

    /** Start (again) on a structure, from stored statistics or empty ones, then absorb rows if any. */
    public record Reset(ModelStructure structure, CellStatistics[][] stored, long storedSamples,
                        DMatrixRMaj rows, long[] positions, ActorRef<Ack> replyTo) implements Command {}

    public record Absorb(long partitionVersion, DMatrixRMaj rows, long[] positions, ActorRef<Ack> replyTo) implements Command {}

    public record Solve(ActorRef<BandResult> replyTo) implements Command {}

    public record Ack(int firstLevel, long absorbed) implements CborSerializable {}

    /** A band's solved levels and a copy of its statistics (for the snapshot). */
    public record BandResult(int firstLevel, LevelModel[] levels, CellStatistics[][] statistics, long partitionVersion) implements CborSerializable {}

    private final int firstLevel;
    private final int levelCount;
    private final long seed;
    private final double forgetting;
    private final double ridge;
    private ScoreLearner learner;

    public static Behavior<Command> create(int firstLevel, int levelCount, long seed, double forgetting, double ridge) {
        return Behaviors.setup(ctx -> new BandRegressor(ctx, firstLevel, levelCount, seed, forgetting, ridge));
    }

    private BandRegressor(ActorContext<Command> context, int firstLevel, int levelCount, long seed, double forgetting, double ridge) {
        super(context);
        this.firstLevel = firstLevel;
        this.levelCount = levelCount;
        this.seed = seed;
        this.forgetting = forgetting;
        this.ridge = ridge;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Reset.class, this::onReset)
                .onMessage(Absorb.class, this::onAbsorb)
                .onMessage(Solve.class, this::onSolve)
                .build();
    }

    private Behavior<Command> onReset(Reset m) {
        learner = new ScoreLearner(m.structure(), seed, forgetting, ridge, firstLevel, levelCount);
        if (m.stored() != null) learner.restore(m.stored(), m.storedSamples());
        if (m.rows() != null && m.rows().numRows > 0) learner.absorb(m.rows(), m.positions());
        m.replyTo().tell(new Ack(firstLevel, learner.absorbed()));
        return this;
    }

    private Behavior<Command> onAbsorb(Absorb m) {
        if (learner == null || learner.structure().version() != m.partitionVersion())
            throw new IllegalStateException("band " + firstLevel + ": batch for partition version " + m.partitionVersion()
                    + " but statistics are on " + (learner == null ? "none" : learner.structure().version()));
        learner.absorb(m.rows(), m.positions());
        m.replyTo().tell(new Ack(firstLevel, learner.absorbed()));
        return this;
    }

    private Behavior<Command> onSolve(Solve m) {
        m.replyTo().tell(new BandResult(firstLevel, learner.solveLevels(), learner.statistics(), learner.structure().version()));
        return this;
    }
}
