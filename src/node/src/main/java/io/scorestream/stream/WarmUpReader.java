package io.scorestream.stream;

import io.scorestream.io.LabelSurvey;
import io.scorestream.io.OneHotColumns;
import io.scorestream.io.RecordSchema;
import io.scorestream.model.ModelStructure;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.ejml.data.DMatrixRMaj;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The planner's own reader of the samples topic on the partition-local record path: it reads every
 * partition from its beginning, outside the consumer group, until it holds warm-up-samples good
 * records, and plans on the first of them in position order with {@link Partitioner#plan} — the
 * rule the singleton path's partitioner follows for the records it was handed — so no record
 * passes through a singleton on the record path. It
 * dead-letters nothing (the partitions' owners do, once), and picks the dimension (or the
 * columns of named records: a JSON object's fields, an array's length) the majority of those
 * records have.
 *
 * <p>JSON objects and CSV lines of named fields (csv-header) have no schema to say which text fields
 * hold labels, nor do an Avro schema's or a Protobuf message's string fields, so the reader judges
 * them on the warm-up, as {@code fit} judges a file's ({@link LabelSurvey}): a field that is text in
 * nearly every record and whose values repeat is a column of labels, each label one seen in
 * the warm-up. Those labels are fixed with the plan, in the model's columns, which every partition's
 * learner adopts (a later record with another label is its dead letter, {@code unknown-label});
 * once they are known the reader reads the partitions again from their beginning with them.
 */
final class WarmUpReader implements AutoCloseable {
    private record Held(double[] vector, List<String> fields, long position) {
        Object shape() { return fields != null ? fields : vector.length; }
    }

    /** Where what the learned columns leave out of the records is said: a warning, seen with the default log levels. */
    private static final org.slf4j.Logger WARN = org.slf4j.LoggerFactory.getLogger(WarmUpReader.class);
    private final StreamSettings settings;
    private RecordCodec codec;
    /** A record's shape and its text fields, kept while the warm-up's text fields are to be judged (JSON, named CSV, Avro, Protobuf), else null. */
    private record Texts(Object shape, Map<String, String> fields) {}
    private List<Texts> texts;
    /** The shape of a record with text in a chosen field: the fields are chosen, so all such records are one shape. */
    private static final Object CHOSEN = "chosen fields";
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<Held> held = new ArrayList<>();
    private final Map<Object, byte[]> firstOfShape = new HashMap<>();   // a record of each named shape, for the log of what its columns leave out
    /** Why a text field the warm-up judged is left out. */
    static final String NOT_LABELS = " (not labels: text whose values do not repeat as a closed set of labels does, such as names and identifiers "
            + "(more than 1 record in 100 with a value seen once), "
            + "one value in every record, dates, times or numbers written as text, or missing from more than 1 record in 100, whose records a column of it would dead-letter; "
            + "scorestream.input.labels makes a field labels)";
    /** Named shapes a record is kept of, at most: a feed whose every record names other fields holds no more than these. */
    private static final int SHAPES_KEPT = 64;
    private boolean assigned;
    // Records read that no learner could take (dead letters once planned), the first of them, and whether it was said.
    private long unlearnable;
    private RecordCodec.Bad firstUnlearnable;
    private boolean saidUnlearnable;

    WarmUpReader(StreamSettings settings) {
        this.settings = settings;
        this.codec = settings.codec(settings.dimension());
        // Not where the column count is pinned (scorestream.input.dimension), nor among an Avro schema's or a
        // Protobuf message's chosen fields (a chosen string needs its labels) or arrays (their columns are
        // learned from the records).
        boolean binary = (settings.format().equals("avro") || settings.format().equals("protobuf")) && settings.fields().isEmpty() && codec.named();
        if (settings.dimension() < 0 && (settings.jsonRecords() || !settings.csvHeader().isEmpty() || binary)) this.texts = new ArrayList<>();
        Map<String, Object> props = new HashMap<>(settings.samplesConsumerProperties());
        props.put("enable.auto.commit", "false");
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The number of partitions of the samples topic (0 while it does not exist). */
    static int partitionCount(StreamSettings settings) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(settings.kafkaProperties(), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> info = c.partitionsFor(settings.samplesTopic(), Duration.ofSeconds(30));
            return info == null ? 0 : info.size();
        }
    }

    int held() { return held.size(); }

    /** Reads what has arrived; the planned structure (version 1) once warm-up-samples good records are held, else null. */
    ModelStructure poll(Consumer<String> log) {
        if (!assigned) {
            List<PartitionInfo> info = consumer.partitionsFor(settings.samplesTopic(), Duration.ofSeconds(5));
            if (info == null || info.isEmpty()) return null;
            List<TopicPartition> partitions = info.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            assigned = true;
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            RecordCodec.Decoded decoded = codec.decode(r.value());
            if (texts != null) keepTexts(r.value(), decoded);
            if (decoded instanceof RecordCodec.Good good) {
                Held h = new Held(good.vector(), good.fields(), IngestStream.position(r.partition(), r.offset()));
                held.add(h);
                if (good.fields() != null && firstOfShape.size() < SHAPES_KEPT) firstOfShape.putIfAbsent(h.shape(), r.value());
            } else if (decoded instanceof RecordCodec.Bad bad) {
                unlearnable++;
                if (firstUnlearnable == null) firstUnlearnable = bad;
            }
        }
        if (texts != null && texts.size() >= settings.warmUpSamples()) {
            LabelSurvey survey = survey();
            Map<String, List<String>> learned = survey.labels();
            long surveyed = survey.records();
            texts = null;
            if (!learned.isEmpty()) {
                readAgainWith(learned);
                for (Map.Entry<String, List<String>> e : learned.entrySet())
                    WARN.warn("input field {}: {} labels learned from the first {} records {}; a record with another label is a dead letter (unknown-label)",
                            e.getKey(), e.getValue().size(), surveyed, io.scorestream.io.JsonRecords.brief(e.getValue()));
                return null;
            }
        }
        if (held.size() < settings.warmUpSamples()) {
            sayUnlearnable();
            return null;
        }
        return plan(log);
    }

    /**
     * Keeps a record's text fields with its shape: a JSON object's, the numeric fields it decoded
     * with (the default selection), or, with fields chosen, one shape for any record that decoded or
     * whose chosen field is text; a named CSV line's or an Avro or Protobuf record's, the one shape
     * of its header or schema. A record of neither (garbage, a missing field) is its owner's dead
     * letter, not surveyed.
     */
    private void keepTexts(byte[] value, RecordCodec.Decoded decoded) {
        if (settings.format().equals("avro") || settings.format().equals("protobuf")) {   // one shape, the schema's
            Map<String, String> fields = !(decoded instanceof RecordCodec.Good) ? null
                    : settings.format().equals("avro") ? codec.avroTexts(value) : codec.protobufTexts(value);
            if (fields != null) texts.add(new Texts(CHOSEN, fields));
            return;
        }
        if (!settings.csvHeader().isEmpty()) {   // one shape, the header's: a line read, or one with text in a column read as a number
            boolean read = decoded instanceof RecordCodec.Good || decoded instanceof RecordCodec.Bad bad && bad.reason() == RecordCodec.Reason.MALFORMED;
            Map<String, String> fields = read ? codec.csvTexts(value) : null;
            if (fields != null) texts.add(new Texts(CHOSEN, fields));
            return;
        }
        Object shape = decoded instanceof RecordCodec.Good good ? (settings.fields().isEmpty() ? new Held(good.vector(), good.fields(), 0).shape() : CHOSEN)
                : !settings.fields().isEmpty() && decoded instanceof RecordCodec.Bad bad && bad.reason() == RecordCodec.Reason.NON_NUMERIC ? CHOSEN : null;
        String text = shape == null ? null : codec.objectText(value);
        Map<String, String> fields = text == null ? null : LabelSurvey.texts(text);
        if (fields != null) texts.add(new Texts(shape, fields));
    }

    /**
     * The survey of the kept records of the most common shape: a bad record's text (a sensor's name
     * on a record whose reading is "warm") would otherwise become a label. Fields with labels given,
     * and those not chosen, are not judged.
     */
    private LabelSurvey survey() {
        Map<Object, Long> votes = new HashMap<>();
        texts.forEach(t -> votes.merge(t.shape(), 1L, Long::sum));
        Object shape = votes.entrySet().stream().max(Map.Entry.<Object, Long>comparingByValue()).orElseThrow().getKey();
        Map<String, List<String>> given = settings.labels();
        List<String> chosen = settings.fields();
        LabelSurvey survey = new LabelSurvey(field -> !given.containsKey(field) && (chosen.isEmpty() || chosen.contains(field)));
        for (Texts t : texts) if (Objects.equals(t.shape(), shape)) survey.add(t.fields());
        return survey;
    }

    /**
     * Once as many records as the warm-up needs could not be learned while too few could, says so:
     * no model, and so no reader and no dead letter, comes before the warm-up's good records, so a
     * feed every record of which is refused (a CSV column of free text read as a number) would
     * otherwise wait without a word.
     */
    private void sayUnlearnable() {
        if (saidUnlearnable || unlearnable < settings.warmUpSamples()) return;
        saidUnlearnable = true;
        WARN.warn("{} records read cannot be learned and {} can: no model is planned until {} can (learning.warm-up-samples), "
                        + "and the partitions' readers dead-letter the others once it is; the first: {}: {}",
                unlearnable, held.size(), settings.warmUpSamples(), firstUnlearnable.reason().headerValue(), firstUnlearnable.message());
    }

    /** The warm-up read again from the partitions' beginning, its text fields of labels read as columns. */
    private void readAgainWith(Map<String, List<String>> learned) {
        codec = settings.codec(settings.dimension(), learned);
        held.clear();
        firstOfShape.clear();
        unlearnable = 0;
        firstUnlearnable = null;
        consumer.seekToBeginning(consumer.assignment());
    }

    private ModelStructure plan(Consumer<String> log) {
        Map<Object, Long> votes = new HashMap<>();
        held.forEach(h -> votes.merge(h.shape(), 1L, Long::sum));
        Object shape = votes.entrySet().stream().max(Map.Entry.<Object, Long>comparingByValue()).orElseThrow().getKey();
        List<Held> rows = held.stream().filter(h -> Objects.equals(h.shape(), shape)).sorted(Comparator.comparingLong(Held::position)).toList();
        if (rows.size() < settings.warmUpSamples()) return null;   // read on until enough records of the stream's shape
        if (shape instanceof List<?>) {
            String leftOut = codec.fieldsLeftOut(firstOfShape.get(shape));
            List<String> learned = codec.learnColumns(rows.get(0).fields());
            if (leftOut != null) WARN.warn(DimensionVote.leftOutLine(learned, leftOut + NOT_LABELS));
        }
        else if (codec.configuredDimension() < 0) codec.learn((Integer) shape);
        int d = rows.get(0).vector().length;
        DMatrixRMaj planRows = new DMatrixRMaj(settings.warmUpSamples(), d);
        for (int i = 0; i < planRows.numRows; i++) System.arraycopy(rows.get(i).vector(), 0, planRows.data, i * d, d);
        OneHotColumns.Collapsed categories = oneHotCategories(planRows, codec.columns(), log);
        ModelStructure planned = Partitioner.plan(settings, categories.rows(), categories.columns(), log);
        // withVersion keeps the planned subspace split (a new structure of its parts had dropped it: every
        // partition's learner then refused the cells of a split's rank, for ever, on the partition-local path).
        return planned.withVersion(1, Partitioner.named(planned, categories.columns()));
    }

    /**
     * The warm-up rows with each category written one-hot as one column of labels, as fit reads a
     * file's ({@link OneHotColumns}): the model is planned on those, and every learner reads its
     * records so once it adopts the model's columns ({@link RecordCodec#adoptColumns}). Named CSV
     * and JSON records only (Avro and Protobuf records keep their indicator fields as numbers).
     */
    private static OneHotColumns.Collapsed oneHotCategories(DMatrixRMaj rows, RecordSchema columns, Consumer<String> log) {
        boolean text = columns.format() == RecordSchema.Format.CSV || columns.format() == RecordSchema.Format.JSON;
        List<OneHotColumns.Group> groups = columns.named() && text ? OneHotColumns.find(rows, columns) : List.of();
        OneHotColumns.Collapsed collapsed = OneHotColumns.collapse(rows, columns, groups);
        for (OneHotColumns.Group g : groups)
            log.accept(String.format("columns %d..%d (%s … %s) are one category written one-hot: learned as one column of %d labels, written back as its columns",
                    g.first() + 1, g.last() + 1, columns.names().get(g.first()), columns.names().get(g.last()), g.size()));
        return collapsed;
    }

    @Override
    public void close() { consumer.close(Duration.ofSeconds(5)); }
}
