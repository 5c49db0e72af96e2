package io.scorestream.bench;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.scorestream.kafka.EmbeddedKafka;
import io.scorestream.model.ModelStructure;
import io.scorestream.node.ScoreStreamService;
import io.scorestream.stream.LocalAbsorber;
import io.scorestream.stream.PartitionStatisticsAssembler;
import io.scorestream.stream.Partitioner;
import io.scorestream.stream.StreamSettings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The coordination ceiling of a record path: records per second through Kafka, the readers and the
 * actors with learners that do no work, and the bytes Akka remoting sends between the nodes per
 * record ({@link RemoteBytes}), for a cluster of N nodes (actor systems on loopback in this JVM).
 * Two record paths, the same records:
 * <ul>
 * <li>{@link #singleton}: today's — every batch through the partitioner (cluster singleton) to every
 * band regressor (Cluster Sharding), band regressors with {@code cluster.no-work-learners};</li>
 * <li>{@link #local}: issue 17's — each node's reader hands its batches to a {@link LocalAbsorber} on
 * the same node; statistics go to one {@link PartitionStatisticsAssembler} per model version.</li>
 * </ul>
 * Each is also timed for one model version's coordination: today's, the partitioner collecting
 * every band's statistics (a drain); the new one's, every partition shipping its statistics and the
 * assembler summing them.
 */
public final class RecordPathCeiling {
    private RecordPathCeiling() {}

    /** Records/s and remote bytes per record in the timed window; bytes, messages and seconds of one model version. */
    public record Result(double recordsPerSecond, double cpuMicrosPerRecord, double bytesPerRecord, long versionBytes, long versionMessages, double versionSeconds) {}

    private static final Duration ASK = Duration.ofSeconds(30);

    /** Today's path: ScoreStreamService nodes, band regressors learning or (learn false) counting only. */
    public static Result singleton(Map<String, Object> config, int nodes, int records, long skip, boolean learn, Runnable produce) throws Exception {
        int[] ports = EmbeddedKafka.freePorts(nodes);
        List<ScoreStreamService> cluster = new ArrayList<>();
        try {
            for (int i = 0; i < nodes; i++) cluster.add(ScoreStreamService.start(nodeConfig(config, ports, i).withFallback(ConfigFactory.parseMap(Map.of("scorestream.cluster.no-work-learners", !learn, "scorestream.cluster.record-path", "singleton"))).withFallback(ConfigFactory.load()), null));
            awaitUp(() -> cluster.get(0).membersUp(), nodes);
            produce.run();
            LongSupplier consumed = () -> {
                Partitioner.Progress p = cluster.get(0).progress(ASK);
                return p.absorbed() + p.deadLettered();
            };
            Window w = time(consumed, skip, records);
            RemoteBytes.reset();
            long t0 = System.nanoTime();
            cluster.get(0).drain(Duration.ofMinutes(5));   // collects every band's statistics once, writes the snapshot
            return new Result(w.rate, w.cpuMicros, w.bytesPerRecord, RemoteBytes.bytes(), RemoteBytes.messages(), (System.nanoTime() - t0) / 1e9);
        } finally {
            cluster.forEach(ScoreStreamService::close);
        }
    }

    /** Issue 17's path: on every node a reader and a LocalAbsorber (learning, or not); the assembler on the first node. */
    public static Result local(Map<String, Object> config, int nodes, int partitions, int records, long skip, ModelStructure structure, boolean learn, Runnable produce) throws Exception {
        int[] ports = EmbeddedKafka.freePorts(nodes);
        List<ActorSystem<Void>> systems = new ArrayList<>();
        List<ActorRef<LocalAbsorber.Command>> absorbers = new ArrayList<>();
        ActorRef<PartitionStatisticsAssembler.Command>[] assembler = new ActorRef[1];
        try {
            for (int i = 0; i < nodes; i++) {
                Config c = nodeConfig(config, ports, i).withFallback(ConfigFactory.load());
                StreamSettings s = StreamSettings.from(c);
                boolean first = i == 0;
                java.util.concurrent.CompletableFuture<ActorRef<LocalAbsorber.Command>> spawned = new java.util.concurrent.CompletableFuture<>();
                systems.add(ActorSystem.create(Behaviors.setup(ctx -> {
                    if (first) assembler[0] = ctx.spawn(PartitionStatisticsAssembler.create(partitions), "statistics-assembler");
                    spawned.complete(ctx.spawn(LocalAbsorber.create(structure, s, learn), "absorber"));
                    return Behaviors.empty();
                }), "scorestream", c));
                absorbers.add(spawned.get(1, TimeUnit.MINUTES));
            }
            ActorSystem<Void> system0 = systems.get(0);
            awaitUp(() -> membersUp(system0), nodes);
            produce.run();
            // Records taken: per partition the furthest any node's ledger got (the topic is new, its offsets dense
            // from 0). A partition that moved while the group formed is read again by its new owner from 0 here:
            // the prototype has no per-partition snapshots to resume from, so that work is not counted twice.
            LongSupplier consumed = () -> {
                Map<Integer, Long> furthest = new HashMap<>();
                for (ActorRef<LocalAbsorber.Command> a : absorbers)
                    ask(system0, a, LocalAbsorber.GetProgress::new).nextOffsets().forEach((p, next) -> furthest.merge(p, next, Math::max));
                return furthest.values().stream().mapToLong(Long::longValue).sum();
            };
            Window w = time(consumed, skip, records);
            RemoteBytes.reset();
            long t0 = System.nanoTime();
            absorbers.forEach(a -> a.tell(new LocalAbsorber.ShipStatistics()));
            long deadline = System.nanoTime() + Duration.ofSeconds(Long.getLong("ceiling.wait", 300)).toNanos();
            long taken = consumed.getAsLong();
            // Done once a version sums every partition's newest statistics: all records taken.
            PartitionStatisticsAssembler.Assembled assembled;
            while ((assembled = ask(system0, assembler[0], PartitionStatisticsAssembler.GetAssembled::new)).absorbed() < taken) {
                if (System.nanoTime() > deadline)
                    throw new IllegalStateException("the assembler summed no version of all " + taken + " records within 5 minutes: " + assembled);
                Thread.sleep(20);
            }
            return new Result(w.rate, w.cpuMicros, w.bytesPerRecord, RemoteBytes.bytes(), RemoteBytes.messages(), (System.nanoTime() - t0) / 1e9);
        } finally {
            systems.forEach(ActorSystem::terminate);
            for (ActorSystem<Void> s : systems) s.getWhenTerminated().toCompletableFuture().get(1, TimeUnit.MINUTES);
        }
    }

    /** The node's settings: its remoting port, the first node as seed, RemoteBytes counting, the assembler on the large-message channel. */
    private static Config nodeConfig(Map<String, Object> config, int[] ports, int i) {
        Map<String, Object> node = new HashMap<>(config);
        node.put("akka.remote.artery.canonical.port", ports[i]);
        node.put("akka.cluster.seed-nodes", List.of("akka://scorestream@127.0.0.1:" + ports[0]));
        node.put("akka.remote.artery.advanced.instruments", List.of(RemoteBytes.class.getName()));
        List<String> large = new ArrayList<>(ConfigFactory.load().getStringList("akka.remote.artery.large-message-destinations"));
        large.add("/user/statistics-assembler");
        node.put("akka.remote.artery.large-message-destinations", large);
        return ConfigFactory.parseMap(node);
    }

    /** cpuMicros: CPU time of this whole JVM (every node, the embedded broker, the producer) per record. */
    private record Window(double rate, double cpuMicros, double bytesPerRecord) {}

    /**
     * Waits for skip records, then times the rest, counting remote bytes and CPU over the same span.
     * CPU time is what the machine's other load does not change (much); the rate is not.
     */
    private static Window time(LongSupplier consumed, long skip, long records) throws InterruptedException {
        awaitCount(consumed, skip);
        long from = consumed.getAsLong();
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        RemoteBytes.reset();
        long t0 = System.nanoTime(), cpu0 = os.getProcessCpuTime();
        awaitCount(consumed, records);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long bytes = RemoteBytes.bytes(), cpu = os.getProcessCpuTime() - cpu0;
        return new Window((records - from) / seconds, cpu / 1e3 / (records - from), (double) bytes / (records - from));
    }

    private static void awaitCount(LongSupplier consumed, long n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
        while (consumed.getAsLong() < n) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("fewer than " + n + " records consumed within 20 minutes");
            Thread.sleep(20);
        }
    }

    private static void awaitUp(java.util.function.IntSupplier up, int nodes) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (up.getAsInt() < nodes) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("the cluster did not form: " + up.getAsInt() + " of " + nodes + " nodes up");
            Thread.sleep(100);
        }
    }

    private static int membersUp(ActorSystem<?> system) {
        int up = 0;
        for (akka.cluster.Member m : akka.cluster.typed.Cluster.get(system).state().getMembers())
            if (m.status() == akka.cluster.MemberStatus.up()) up++;
        return up;
    }

    private static <Q, R> R ask(ActorSystem<?> system, ActorRef<Q> to, akka.japi.function.Function<ActorRef<R>, Q> message) {
        try {
            return AskPattern.ask(to, message, ASK, system.scheduler()).toCompletableFuture().get(ASK.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e.toString(), e);
        }
    }
}
