package io.scorestream.stream;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import akka.japi.Pair;
import akka.kafka.ConsumerSettings;
import akka.kafka.Subscriptions;
import akka.kafka.javadsl.Consumer;
import akka.stream.javadsl.Keep;
import akka.stream.javadsl.Sink;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import io.scorestream.io.RecordSchema;
import io.scorestream.learn.DrawSchedule;
import io.scorestream.learn.ScoreLearner;
import org.ejml.data.DMatrixRMaj;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Kafka → decode and validate → dead-letter the bad → batch → the partitioner, with back-pressure:
 * the next batch is only handed over once every band has absorbed the previous one. One runs on
 * every node, all in one consumer group, so Kafka spreads the partitions over the nodes. Each
 * assigned partition starts at the offset the partitioner has absorbed up to (offsets live with
 * the statistics, not in Kafka), and every record carries the offset its reader's coverage starts
 * from, so the partitioner's {@link OffsetLedger} takes each record once, whatever the rebalances.
 *
 * <p>The dimension: the partitioner is the authority once it knows one (from its snapshot or the
 * first rows it accepted). Its answer to {@link Partitioner.StartAt} carries it, and the codec
 * adopts it; a batch of another dimension is refused, which makes this stream fail and its
 * {@link Ingestor} re-read from the partitioner's offsets with the codec corrected. Until then a
 * learned dimension is decided by a {@link DimensionVote} right after decoding.
 */
public final class IngestStream {
    private IngestStream() {}

    /** A record after decoding, with where its reader's coverage starts: a vector for good ones, a reason for bad ones. */
    private record Item(ConsumerRecord<byte[], byte[]> record, long covers, double[] vector, RecordCodec.Bad bad, boolean provisional, List<String> fields) {
        Item(ConsumerRecord<byte[], byte[]> record, long covers, double[] vector, RecordCodec.Bad bad) { this(record, covers, vector, bad, false, null); }
    }

    /** Runs the stream; epochSeen receives the partitioner epoch whose offsets the readers started from; stopping: true once its reader stops. */
    public static Pair<Consumer.Control, CompletionStage<Done>> run(ActorSystem<?> system, StreamSettings s, RecordCodec codec,
                                                                    DeadLetters deadLetters,
                                                                    ActorRef<Partitioner.Command> partitioner, AtomicLong epochSeen,
                                                                    java.util.function.BooleanSupplier stopping) {
        ConsumerSettings<byte[], byte[]> consumer = ConsumerSettings.create(system, new ByteArrayDeserializer(), new ByteArrayDeserializer())
                .withBootstrapServers(s.bootstrapServers())
                .withGroupId(s.groupId())
                .withProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
                .withProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false")
                .withProperty(StreamSettings.READ_COMMITTED.getKey(), StreamSettings.READ_COMMITTED.getValue())
                .withStopTimeout(Duration.ZERO);
        for (Map.Entry<String, String> e : s.clientProperties().entrySet()) consumer = consumer.withProperty(e.getKey(), e.getValue());

        ReadCoverage coverage = new ReadCoverage();
        // The offsets are looked up and sought inside Kafka's rebalance callback, before Alpakka hears
        // of the assignment; an asynchronous lookup (plainPartitionedManualOffsetSource) could lose
        // partitions for good when the group rebalanced while it was pending (RELIABILITY.md "Scaling out").
        // One source, not one per partition: a record fetched after a seek must reach this stream (ReadCoverage).
        SeekOnAssign seekOnAssign = new SeekOnAssign(system, partitioner, s.batchTimeout(), codec, coverage, epochSeen, stopping);
        return Consumer.plainSource(consumer, Subscriptions.topics(s.samplesTopic()).withPartitionAssignmentHandler(seekOnAssign))
                .map(record -> decode(codec, record, coverage.covers(record.partition(), record.offset())))
                .statefulMapConcat(() -> {
                    DimensionVote<Item> vote = new DimensionVote<>(codec, Math.min(DimensionVote.VOTES, s.warmUpSamples()), DimensionVote.MAX_HELD,
                            DimensionVote.MAX_HELD_BYTES, items(codec), line -> system.log().info(line), line -> system.log().warn(line));
                    return vote::offer;
                })
                .mapAsync(8, item -> item.bad() == null ? CompletableFuture.completedFuture(item) : deadLetters.send(item.record(), item.bad()).thenApply(sent -> item))
                .groupedWithin(s.batchSize(), s.batchMaxWait())
                .map(IngestStream::requireOneDimension)
                .mapAsync(1, items -> AskPattern.<Partitioner.Command, Partitioner.IngestReply>ask(partitioner, replyTo -> batch(items, codec.columns(), replyTo), s.batchTimeout(), system.scheduler()))
                .map(reply -> {
                    if (reply instanceof Partitioner.Rejected rejected) throw new IllegalStateException("partitioner refused a batch: " + rejected.reason());
                    return reply;
                })
                .toMat(Sink.ignore(), Keep.both())
                .run(system);
    }

    /** How a field of text labels is learned where the vote decides a JSON object's columns: the singleton record path. */
    static final String SINGLETON_LABELS = " (on the singleton record path a stream learns a field of text labels only when scorestream.input.labels "
            + "gives its labels; the partition-local path, the default, learns them from its warm-up)";

    /** How the dimension vote sees an item. */
    private static DimensionVote.Items<Item> items(RecordCodec codec) {
        return new DimensionVote.Items<>() {
        @Override public double[] vector(Item item) { return item.vector(); }
        @Override public List<String> fields(Item item) { return item.fields(); }
        @Override public boolean provisional(Item item) { return item.provisional(); }
        @Override public Item redecode(Item item) { return decode(codec, item.record(), item.covers()); }
        @Override public Item asBad(Item item, RecordCodec.Bad bad) { return new Item(item.record(), item.covers(), null, bad); }
        @Override public String leftOut(Item item) {
            String leftOut = codec.fieldsLeftOut(item.record().value());
            return leftOut == null ? null : leftOut + SINGLETON_LABELS;
        }
        @Override public long bytes(Item item) {
            byte[] value = item.record().value();
            return 200 + (value == null ? 0 : value.length) + (item.vector() == null ? 0 : 8L * item.vector().length);
        }
        };
    }

    /** The codec takes the partitioner's dimension if it has one (-1: not yet); a different pinned one fails, see {@link RecordCodec#adopt}. */
    static void adoptDimension(RecordCodec codec, int dimension) {
        if (dimension > 0) codec.adopt(dimension);
    }

    /**
     * A batch's vectors all have one length. The vote checks each against the codec's dimension as
     * it passes, but the codec may adopt the partitioner's in between (a rebalance): then this
     * stream fails and is restarted, and re-reads with the partitioner's dimension.
     */
    private static List<Item> requireOneDimension(List<Item> items) {
        int d = -1;
        for (Item item : items) {
            if (item.vector() == null) continue;
            if (d == -1) d = item.vector().length;
            else if (item.vector().length != d)
                throw new IllegalStateException("a batch holds vectors of " + d + " and " + item.vector().length + " values (the dimension changed); re-reading");
        }
        return items;
    }

    private static Item decode(RecordCodec codec, ConsumerRecord<byte[], byte[]> record, long covers) {
        RecordCodec.Decoded decoded = codec.decode(record.value());
        if (decoded instanceof RecordCodec.Good good) return new Item(record, covers, good.vector(), null, good.provisional(), good.fields());
        return new Item(record, covers, null, (RecordCodec.Bad) decoded);
    }

    /**
     * The noise key of a record: its partition and offset, unique and stable across replays. The
     * offset takes the low {@value DrawSchedule#OFFSET_BITS} bits and the partition the bits from
     * {@value #PARTITION_SHIFT}: the bits between hold a record's further noise draws
     * (position + r·{@link ScoreLearner#DRAW_STRIDE}, {@link DrawSchedule}), which so never meet
     * another partition's keys.
     */
    public static long position(int partition, long offset) {
        if (partition < 0 || partition >= MAX_PARTITIONS) throw new IllegalArgumentException("partition " + partition + ": at most " + MAX_PARTITIONS + " partitions");
        return ((long) partition << PARTITION_SHIFT) | offset;
    }

    static final int PARTITION_SHIFT = 50;
    /** Partitions a position can name (its sign bit left clear, so positions sort by partition, then offset). */
    static final int MAX_PARTITIONS = 1 << (63 - PARTITION_SHIFT);

    static int partitionOf(long position) { return (int) (position >>> PARTITION_SHIFT); }

    static long offsetOf(long position) { return position & ((1L << DrawSchedule.OFFSET_BITS) - 1); }

    private static Partitioner.Ingest batch(List<Item> items, RecordSchema columns, ActorRef<Partitioner.IngestReply> replyTo) {
        int good = 0, d = 0;
        for (Item item : items) {
            if (item.bad() == null) { good++; d = item.vector().length; }
        }
        DMatrixRMaj rows = new DMatrixRMaj(good, Math.max(d, 1));
        long[] positions = new long[items.size()], covers = new long[items.size()];
        byte[] reasons = new byte[items.size()];
        int row = 0;
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            ConsumerRecord<byte[], byte[]> r = item.record();
            positions[i] = position(r.partition(), r.offset());
            covers[i] = item.covers();
            if (item.bad() != null) reasons[i] = (byte) (item.bad().reason().ordinal() + 1);
            else System.arraycopy(item.vector(), 0, rows.data, row++ * d, d);
        }
        return new Partitioner.Ingest(rows, positions, covers, reasons, columns, replyTo);
    }
}
