package io.scorestream.stream;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import io.scorestream.columns.MarginCalibration;
import io.scorestream.io.OneHotColumns;
import io.scorestream.io.RecordWriter;
import io.scorestream.model.ScoreModel;
import io.scorestream.sampler.SamplingPlan;
import io.scorestream.schedule.NoiseSchedule;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.ejml.data.DMatrixRMaj;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Generates samples from the newest model: on request, and, when configured, as a continuous
 * stream published to the generated-samples topic at a fixed rate, each record in the feed's own
 * shape (the model's {@link io.scorestream.io.RecordSchema}) with the model version, the column
 * names and the format in headers.
 */
public final class SamplerActor extends AbstractBehavior<SamplerActor.Command> {

    public sealed interface Command extends CborSerializable {}

    /** plan null: the actor's configured sampler and grid. */
    public record Generate(int n, long seed, SamplingPlan plan, ActorRef<Generated> replyTo) implements Command {
        public Generate(int n, long seed, ActorRef<Generated> replyTo) { this(n, seed, null, replyTo); }
    }

    /** Rows in data units; modelVersion 0 and no rows when no model exists yet. */
    public record Generated(DMatrixRMaj rows, long modelVersion) implements CborSerializable {}

    /** Headers of a generated record: the model version it came from, its columns (comma-separated) and their format. */
    public static final String MODEL_VERSION_HEADER = "scorestream.model-version", COLUMNS_HEADER = "scorestream.columns", FORMAT_HEADER = "scorestream.format",
            AVRO_SCHEMA_HEADER = "scorestream.avro-schema",
            /** A Protobuf record's message type (its full name) and the descriptor set (its bytes) that defines it. */
            PROTOBUF_MESSAGE_HEADER = "scorestream.protobuf-message", PROTOBUF_DESCRIPTOR_HEADER = "scorestream.protobuf-descriptor",
            /** A JSON object of each labelled column's labels ({"species":["Adelie","Gentoo"]}), when the model has any. */
            LABELS_HEADER = "scorestream.labels",
            /** A CSV record's delimiter and decimal mark (";,"), where they are not a comma and a point (scorestream.input.csv-delimiter, decimal-mark). */
            CSV_DIALECT_HEADER = "scorestream.csv-dialect";

    private record NewModel(ModelAssembler.ModelUpdated update) implements Command {}
    private enum Tick implements Command { INSTANCE }

    private final SamplingPlan plan;
    private final double publishPerSecond;
    private final Producer<byte[], byte[]> producer;   // null when not publishing
    private final String topic;
    private RecordWriter encoder;
    private final boolean connectEnvelope;
    private io.scorestream.io.ConnectRecords envelope;   // the newest model's, where connectEnvelope (null: bare records)
    private io.scorestream.io.RecordSchema written;   // the model's columns as the feed writes them
    private ScoreModel model;
    private MarginCalibration calibration;   // the plan's on model: drawn at the first generation after each new model
    private long published, tickSeed;
    private double owed;

    /** A sampler that follows this node's newest model; publishes to topic when publishPerSecond > 0. */
    public static Behavior<Command> create(ActorRef<ModelFollower.Command> follower, SamplingPlan plan, double publishPerSecond,
                                           Producer<byte[], byte[]> producer, String topic) {
        return create(follower, plan, publishPerSecond, producer, topic, false);
    }

    /** As above; connectEnvelope: published records in Kafka Connect's JSON envelope (scorestream.sampler.json-envelope = connect). */
    public static Behavior<Command> create(ActorRef<ModelFollower.Command> follower, SamplingPlan plan, double publishPerSecond,
                                           Producer<byte[], byte[]> producer, String topic, boolean connectEnvelope) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            follower.tell(new ModelFollower.Subscribe(ctx.messageAdapter(ModelAssembler.ModelUpdated.class, NewModel::new)));
            return new SamplerActor(ctx, timers, plan, publishPerSecond, producer, topic, connectEnvelope);
        }));
    }

    private SamplerActor(ActorContext<Command> ctx, TimerScheduler<Command> timers, SamplingPlan plan, double publishPerSecond,
                         Producer<byte[], byte[]> producer, String topic, boolean connectEnvelope) {
        super(ctx);
        this.plan = plan;
        this.publishPerSecond = publishPerSecond;
        this.producer = producer;
        this.topic = topic;
        this.connectEnvelope = connectEnvelope;
        if (publishPerSecond > 0 && producer != null) timers.startTimerAtFixedRate(Tick.INSTANCE, Duration.ofMillis(250));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Generate.class, this::onGenerate)
                .onMessage(NewModel.class, this::onNewModel)
                .onMessageEquals(Tick.INSTANCE, this::onTick)
                .onSignal(PostStop.class, s -> { if (producer != null) producer.close(Duration.ZERO); return this; })
                .build();
    }

    private Behavior<Command> onNewModel(NewModel m) {
        model = m.update().model();
        calibration = null;
        // Written as the feed writes its records: a category the model reads one-hot as its indicator fields.
        written = OneHotColumns.expanded(model.recordSchema());
        if (encoder == null || !encoder.columns().equals(written)) encoder = new RecordWriter(written);
        envelope = connectEnvelope ? connectRecords(model) : null;
        return this;
    }

    /** The model's records' Connect envelope; null, said once a model, where its columns have no Connect schema (written bare then). */
    private io.scorestream.io.ConnectRecords connectRecords(ScoreModel m) {
        try {
            return io.scorestream.io.ConnectRecords.of(m.recordSchema(), m.columns().types());
        } catch (IllegalArgumentException none) {
            getContext().getLog().warn("generated records of model version {} are written without Kafka Connect's envelope: {}", m.info().version(), none.getMessage());
            return null;
        }
    }

    private Behavior<Command> onGenerate(Generate m) {
        if (model == null) {
            m.replyTo().tell(new Generated(new DMatrixRMaj(0, 0), 0));
            return this;
        }
        m.replyTo().tell(new Generated(generate(m.n(), m.seed(), m.plan() == null ? plan : m.plan()), model.info().version()));
        return this;
    }

    private Behavior<Command> onTick() {
        if (model == null) return this;
        owed += publishPerSecond / 4;
        int n = (int) owed;
        if (n == 0) return this;
        owed -= n;
        DMatrixRMaj rows = OneHotColumns.expand(generate(n, ++tickSeed, plan), model.recordSchema());
        double[] row = new double[rows.numCols];
        byte[] version = Long.toString(model.info().version()).getBytes(StandardCharsets.UTF_8);
        byte[] names = RecordWriter.csvHeader(written, rows.numCols).getBytes(StandardCharsets.UTF_8);
        byte[] format = written.format().label().getBytes(StandardCharsets.UTF_8);
        byte[] avroSchema = written.format() == io.scorestream.io.RecordSchema.Format.AVRO
                ? encoder.writtenSchema().getBytes(StandardCharsets.UTF_8) : null;
        boolean protobuf = written.format() == io.scorestream.io.RecordSchema.Format.PROTOBUF;
        byte[] message = protobuf ? encoder.writtenMessage().getBytes(StandardCharsets.UTF_8) : null;
        byte[] descriptor = protobuf ? encoder.writtenDescriptorSet() : null;
        byte[] labels = labelsHeader(written);
        byte[] dialect = written.format() == io.scorestream.io.RecordSchema.Format.CSV && !written.dialect().isStandard()
                ? (written.dialect().delimiter() + "" + written.dialect().decimalMark()).getBytes(StandardCharsets.UTF_8) : null;
        for (int i = 0; i < n; i++) {
            System.arraycopy(rows.data, i * rows.numCols, row, 0, rows.numCols);
            byte[] value = encoder.write(row);
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, envelope == null ? value : envelope.wrap(value));
            record.headers().add(MODEL_VERSION_HEADER, version).add(COLUMNS_HEADER, names).add(FORMAT_HEADER, format);
            if (avroSchema != null) record.headers().add(AVRO_SCHEMA_HEADER, avroSchema);   // what a reader needs to decode the datum
            if (protobuf) record.headers().add(PROTOBUF_MESSAGE_HEADER, message).add(PROTOBUF_DESCRIPTOR_HEADER, descriptor);   // what a reader needs to decode the message
            if (labels != null) record.headers().add(LABELS_HEADER, labels);
            if (dialect != null) record.headers().add(CSV_DIALECT_HEADER, dialect);   // what a reader needs to split the line and read its numbers
            producer.send(record);
        }
        published += n;
        return this;
    }

    /** The labels header's value, or null for a model without labelled columns. */
    static byte[] labelsHeader(io.scorestream.io.RecordSchema columns) {
        if (!columns.hasLabels()) return null;
        java.util.Map<String, java.util.List<String>> labels = new java.util.LinkedHashMap<>();
        // A headerless file's label columns have no names: x1..xd, as the other outputs name them.
        java.util.List<String> names = columns.namesOr(columns.labels().size());
        for (int j = 0; j < columns.labels().size(); j++)
            if (columns.isCategorical(j)) labels.put(names.get(j), columns.labelsOf(j));
        try {
            return LABELS_JSON.writeValueAsBytes(labels);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper LABELS_JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private DMatrixRMaj generate(int n, long seed, SamplingPlan with) {
        NoiseSchedule grid = with.grid(model, model.schedule());
        if (!with.equals(plan)) return with.generate(model, grid, n, seed);   // a request's own plan blurs in its own way
        if (calibration == null) calibration = plan.calibration(model, grid);
        DMatrixRMaj x = plan.newSampler().sample(model, grid, n, seed);
        model.toData(x, calibration);
        return x;
    }
}
