package io.scorestream.stream;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.cluster.Member;
import akka.cluster.MemberStatus;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.typed.Cluster;
import akka.cluster.sharding.typed.javadsl.EntityRef;
import akka.cluster.sharding.typed.javadsl.EntityTypeKey;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.scorestream.learn.ScoreLearner;
import io.scorestream.model.LevelModel;
import io.scorestream.model.ModelStructure;
import io.scorestream.regression.CellStatistics;
import org.ejml.data.DMatrixRMaj;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Owns the statistics of one band of noise levels: a Cluster Sharding entity, so bands spread over
 * the cluster's nodes. Every batch reaches every band; a band solves its levels on request.
 *
 * <p>Statistics belong to one epoch (an incarnation of the partitioner) and one partition version;
 * a message for another is answered {@link Missing}, never mixed in. When sharding moves the band
 * to another node (a node leaving, a rebalance), the band sends its statistics to its own next
 * incarnation, which merges them — statistics are sums. A new incarnation that gets work before
 * any statistics waits briefly for that hand-over; if none comes (the old node died) it answers
 * Missing, and the partitioner rolls every band back to the newest snapshot.
 */
public final class BandRegressor extends AbstractBehavior<BandRegressor.Command> {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "band");
    static final double RIDGE = 1e-4;
    private static final Duration HAND_OVER_WAIT = Duration.ofSeconds(5);

    public sealed interface Command extends CborSerializable {}

    /**
     * What a band is for: its levels within one epoch of the partitioner, and the learner settings.
     * noWork (scorestream.cluster.no-work-learners, measurement only): count the records, absorb none.
     */
    public record Assignment(long epoch, int firstLevel, int levelCount, long seed, double forgetting, boolean noWork) implements CborSerializable {}

    /**
     * Start (again) on a structure, from stored statistics or empty ones, then absorb rows if any.
     * rows, as in {@link Absorb}, are in the structure's cell coordinates ({@link ScoreLearner#cellRows}):
     * the partitioner transforms and projects a batch once for all bands, which also keeps the
     * messages between nodes to r values a record instead of d.
     */
    public record Reset(Assignment assignment, ModelStructure structure, CellStatistics[][] stored, long storedSamples,
                        ScoreLearner.CellRows rows, ActorRef<Reply> replyTo) implements Command {}

    /** rows: a batch in the structure's cell coordinates, its records' draws (see {@link Reset}). */
    public record Absorb(long epoch, long partitionVersion, ScoreLearner.CellRows rows, ActorRef<Reply> replyTo) implements Command {}

    public record Solve(long epoch, ActorRef<Reply> replyTo) implements Command {}

    /** A band's statistics on their way to its next incarnation on another node. */
    public record HandOver(Assignment assignment, ModelStructure structure, CellStatistics[][] statistics, long absorbed) implements Command {}

    /** Cluster Sharding's stop message when it moves this band. */
    public enum Leave implements Command { INSTANCE }

    private enum HandOverOverdue implements Command { INSTANCE }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
    @JsonSubTypes({@JsonSubTypes.Type(value = Ack.class, name = "ack"), @JsonSubTypes.Type(value = BandResult.class, name = "result"),
            @JsonSubTypes.Type(value = Missing.class, name = "missing")})
    public sealed interface Reply extends CborSerializable { int band(); }

    public record Ack(int band, long absorbed) implements Reply {}

    /** A band's solved levels and a copy of its statistics (for the snapshot). */
    public record BandResult(int band, int firstLevel, LevelModel[] levels, CellStatistics[][] statistics, long partitionVersion) implements Reply {}

    /** The band holds no statistics for that epoch and partition version. */
    public record Missing(int band, String why) implements Reply {}

    private final int band;
    private final EntityRef<Command> self;
    private final TimerScheduler<Command> timers;
    private final List<Command> waiting = new ArrayList<>();   // work that arrived before a hand-over
    private Assignment assignment;
    private ScoreLearner learner;
    private long counted;   // records handed to a no-work band: counted, not absorbed

    /** The band of sharding entity id {@code entityId} ("0", "1", ...). */
    public static Behavior<Command> create(String entityId) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new BandRegressor(ctx, timers, entityId)));
    }

    private BandRegressor(ActorContext<Command> ctx, TimerScheduler<Command> timers, String entityId) {
        super(ctx);
        this.band = Integer.parseInt(entityId);
        this.self = ClusterSharding.get(ctx.getSystem()).entityRefFor(TYPE_KEY, entityId);
        this.timers = timers;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Reset.class, this::onReset)
                .onMessage(Absorb.class, this::onAbsorb)
                .onMessage(Solve.class, this::onSolve)
                .onMessage(HandOver.class, this::onHandOver)
                .onMessageEquals(Leave.INSTANCE, this::onLeave)
                .onMessageEquals(HandOverOverdue.INSTANCE, this::onHandOverOverdue)
                .build();
    }

    private Behavior<Command> onReset(Reset m) {
        Assignment a = m.assignment();
        assignment = a;
        learner = new ScoreLearner(m.structure(), a.seed(), a.forgetting(), RIDGE, a.firstLevel(), a.levelCount());
        counted = 0;
        if (m.stored() != null) learner.restore(m.stored(), m.storedSamples());
        if (m.rows() != null && m.rows().recordCount() > 0) absorb(m.rows());
        m.replyTo().tell(new Ack(band, absorbed()));
        return retryWaiting();
    }

    private Behavior<Command> onAbsorb(Absorb m) {
        if (learner == null) return await(m);
        if (m.epoch() != assignment.epoch() || m.partitionVersion() != learner.structure().version())
            return missing(m.replyTo(), "batch for epoch " + m.epoch() + " partition v" + m.partitionVersion());
        absorb(m.rows());
        m.replyTo().tell(new Ack(band, absorbed()));
        return this;
    }

    private void absorb(ScoreLearner.CellRows rows) {
        if (assignment.noWork()) counted += rows.recordCount();
        else learner.absorbCellRows(rows);
    }

    private long absorbed() { return learner.absorbed() + counted; }

    private Behavior<Command> onSolve(Solve m) {
        if (learner == null) return await(m);
        if (m.epoch() != assignment.epoch()) return missing(m.replyTo(), "solve for epoch " + m.epoch());
        m.replyTo().tell(new BandResult(band, assignment.firstLevel(), learner.solveLevels(), learner.statistics(), learner.structure().version()));
        return this;
    }

    /** Statistics from this band's previous incarnation: merged (sums), unless they are of another epoch or partition. */
    private Behavior<Command> onHandOver(HandOver m) {
        if (learner == null) {
            Assignment a = m.assignment();
            assignment = a;
            learner = new ScoreLearner(m.structure(), a.seed(), a.forgetting(), RIDGE, a.firstLevel(), a.levelCount());
        } else if (!m.assignment().equals(assignment) || m.structure().version() != learner.structure().version()) {
            getContext().getLog().info("band {}: dropping hand-over of epoch {} partition v{}", band, m.assignment().epoch(), m.structure().version());
            return this;
        }
        learner.restore(m.statistics(), m.absorbed());
        return retryWaiting();
    }

    private Behavior<Command> onLeave() {
        if (learner != null && anotherNodeIsUp())
            self.tell(new HandOver(assignment, learner.structure(), learner.statistics(), absorbed()));
        return Behaviors.stopped();
    }

    /** With no other node up (a lone node, the whole cluster stopping) there is no one to hand over to. */
    private boolean anotherNodeIsUp() {
        Cluster cluster = Cluster.get(getContext().getSystem());
        for (Member m : cluster.state().getMembers())
            if (m.status() == MemberStatus.up() && !m.equals(cluster.selfMember())) return true;
        return false;
    }

    private Behavior<Command> onHandOverOverdue() {
        List<Command> overdue = new ArrayList<>(waiting);
        waiting.clear();
        for (Command c : overdue) {
            if (c instanceof Absorb a) missing(a.replyTo(), "no statistics (no hand-over within " + HAND_OVER_WAIT.toSeconds() + " s)");
            else if (c instanceof Solve s) missing(s.replyTo(), "no statistics (no hand-over within " + HAND_OVER_WAIT.toSeconds() + " s)");
        }
        return this;
    }

    private Behavior<Command> await(Command m) {
        waiting.add(m);
        if (!timers.isTimerActive(HandOverOverdue.INSTANCE)) timers.startSingleTimer(HandOverOverdue.INSTANCE, HAND_OVER_WAIT);
        return this;
    }

    private Behavior<Command> retryWaiting() {
        timers.cancel(HandOverOverdue.INSTANCE);
        List<Command> again = new ArrayList<>(waiting);
        waiting.clear();
        for (Command c : again) getContext().getSelf().tell(c);
        return this;
    }

    private Behavior<Command> missing(ActorRef<Reply> replyTo, String what) {
        replyTo.tell(new Missing(band, "band " + band + " has no statistics for " + what));
        return this;
    }
}
