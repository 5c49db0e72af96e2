package io.scorestream.stream;

import io.scorestream.learn.FitOptions;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import io.scorestream.sampler.SamplingPlan;
import io.scorestream.columns.ColumnOptions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The {@code scorestream} section of the configuration, read and validated once. */
public record StreamSettings(String bootstrapServers, String groupId, Map<String, String> clientProperties,
                             String samplesTopic, String deadLetterTopic, String modelTopic, String generatedTopic,
                             String format, int dimension, int maxRecordBytes, java.util.List<String> fields, List<String> csvHeader, String avroSchema,
                             String avroEncoding, int avroSchemaId, List<String> avroWriterSchemas, Map<String, List<String>> labels, ProtobufInput protobuf,
                             int warmUpSamples, int planReservoir, int batchSize, Duration batchMaxWait, long modelEverySamples, Duration modelMaxAge,
                             double forgetting, long replanEverySamples, int recentWindow, int levelBands,
                             int levels, int degree, long seed, Path snapshotDir, String snapshotTopic, Duration bandTimeout, Duration batchTimeout,
                             double publishPerSecond, SamplingPlan sampler, Duration minBackoff, Duration maxBackoff,
                             ColumnOptions columns, boolean noWorkLearners, RecordPath recordPath, boolean recordPathAuto, Duration countInterval,
                             String jsonEnvelope, io.scorestream.io.CsvDialect csvDialect, String measurement) {

    /**
     * scorestream.input.protobuf-*: the descriptor set file and message type of protobuf records,
     * what precedes each message (bare, confluent) and the schema id pinned (-1: any).
     */
    public record ProtobufInput(String descriptor, String message, String encoding, int schemaId) {
        static ProtobufInput of(Config c) {
            return new ProtobufInput(c.getString("input.protobuf-descriptor").trim(), c.getString("input.protobuf-message").trim(),
                    c.getString("input.protobuf-encoding").trim().toLowerCase(Locale.ROOT), c.getInt("input.protobuf-schema-id"));
        }

        /** Whether any protobuf setting differs from its default: one for another format is refused. */
        boolean anySet() {
            return !descriptor.isEmpty() || !message.isEmpty() || !encoding.equals("bare") || schemaId != AvroEnvelope.ANY_ID;
        }

        /** The records' envelope of the configured message type; a bad setting is an IllegalArgumentException naming it. */
        ProtobufEnvelope envelope() {
            require(!descriptor.isEmpty(), "scorestream.input.protobuf-descriptor must name the descriptor set file (protoc --include_imports --descriptor_set_out=FILE) when input.format = protobuf");
            require(!message.isEmpty(), "scorestream.input.protobuf-message must name the records' message type (its full name, e.g. sensors.Reading) when input.format = protobuf");
            com.google.protobuf.Descriptors.Descriptor type;
            try {
                type = io.scorestream.io.ProtobufRecords.descriptor(Path.of(descriptor), message);
            } catch (io.scorestream.io.InputException e) {
                throw new IllegalArgumentException("scorestream.input.protobuf-descriptor: " + e.getMessage(), e);
            }
            require(schemaId >= AvroEnvelope.ANY_ID, "scorestream.input.protobuf-schema-id must be -1 (any) or a schema registry id (0 or more), got " + schemaId);
            ProtobufEnvelope.Encoding parsed;
            try {
                parsed = ProtobufEnvelope.Encoding.parse(encoding);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("scorestream.input.protobuf-encoding: " + e.getMessage(), e);
            }
            require(schemaId == AvroEnvelope.ANY_ID || parsed == ProtobufEnvelope.Encoding.CONFLUENT,
                    "scorestream.input.protobuf-schema-id is for protobuf-encoding = confluent (Confluent's wire format carries the id), not " + encoding);
            return new ProtobufEnvelope(parsed, type, schemaId);
        }
    }

    /**
     * How records reach the statistics (scorestream.cluster.record-path): SINGLETON, every batch
     * through the partitioner singleton to every band (docs/architecture.md §2); PARTITION_LOCAL,
     * each node absorbs the Kafka partitions it owns into statistics of its own and a planner
     * singleton merges them per model version (§3).
     */
    public enum RecordPath {
        SINGLETON, PARTITION_LOCAL;

        /** The configuration's spelling: singleton, partition-local. */
        public String configName() { return name().toLowerCase(Locale.ROOT).replace('_', '-'); }
    }

    /** Settings from the configuration; a missing or mistyped key is an IllegalArgumentException naming it. */
    public static StreamSettings from(Config root) {
        try {
            return read(root);
        } catch (com.typesafe.config.ConfigException e) {
            throw new IllegalArgumentException("invalid configuration: " + e.getMessage(), e);
        }
    }

    private static StreamSettings read(Config root) {
        Config c = root.getConfig("scorestream");
        String path = c.getString("cluster.record-path").trim().toLowerCase(Locale.ROOT);
        boolean auto = path.equals("auto");
        Map<String, String> props = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> e : c.getConfig("kafka.client-properties").entrySet())
            props.put(e.getKey().replace("\"", ""), String.valueOf(e.getValue().unwrapped()));
        StreamSettings s = new StreamSettings(
                c.getString("kafka.bootstrap-servers"), c.getString("kafka.group-id"), props,
                c.getString("topics.samples"), c.getString("topics.dead-letter"), c.getString("topics.model"), c.getString("topics.generated"),
                c.getString("input.format").toLowerCase(Locale.ROOT), c.getInt("input.dimension"), c.getInt("input.max-record-bytes"),
                List.copyOf(c.getStringList("input.fields")), List.copyOf(c.getStringList("input.csv-header")), c.getString("input.avro-schema"),
                c.getString("input.avro-encoding").trim().toLowerCase(Locale.ROOT), c.getInt("input.avro-schema-id"),
                List.copyOf(c.getStringList("input.avro-writer-schemas")), labels(c), ProtobufInput.of(c),
                c.getInt("learning.warm-up-samples"), c.getInt("learning.plan-reservoir"), c.getInt("learning.batch-size"), c.getDuration("learning.batch-max-wait"),
                c.getLong("learning.model-every-samples"), c.getDuration("learning.model-max-age"), c.getDouble("learning.forgetting"), c.getLong("learning.replan-every-samples"),
                c.getInt("learning.recent-window"), c.getInt("learning.level-bands"), c.getInt("learning.levels"),
                degree(c.getString("learning.degree")), c.getLong("learning.seed"), Path.of(c.getString("snapshot-dir")),
                c.getString("snapshot-topic"), c.getDuration("cluster.band-timeout"), c.getDuration("cluster.batch-timeout"),
                c.getDouble("sampler.publish-per-second"), samplingPlan(c.getConfig("sampler")),
                c.getDuration("restart.min-backoff"), c.getDuration("restart.max-backoff"), columns(c),
                c.getBoolean("cluster.no-work-learners"), auto ? autoRecordPath(c) : recordPath(path), auto, c.getDuration("cluster.count-interval"),
                c.getString("sampler.json-envelope").trim().toLowerCase(Locale.ROOT), csvDialect(c), c.getString("input.measurement").trim());
        s.validate();
        return s;
    }

    /** input.csv-delimiter and input.decimal-mark: the dialect of a feed's CSV lines. */
    private static io.scorestream.io.CsvDialect csvDialect(Config c) {
        String delimiter = c.getString("input.csv-delimiter"), mark = c.getString("input.decimal-mark");
        require(delimiter.equals(",") || delimiter.equals(";"), "scorestream.input.csv-delimiter must be \",\" or \";\", got \"" + delimiter + "\"");
        require(mark.equals(".") || mark.equals(","), "scorestream.input.decimal-mark must be \".\" or \",\", got \"" + mark + "\"");
        require(!(mark.equals(",") && delimiter.equals(",")), "scorestream.input.decimal-mark = \",\" needs csv-delimiter = \";\" (a comma cannot be both)");
        return new io.scorestream.io.CsvDialect(delimiter.charAt(0), mark.charAt(0), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** "auto" (chosen by held-out denoising loss on each plan's rows) or a whole number. */
    private static int degree(String value) {
        if (value.trim().equalsIgnoreCase("auto")) return FitOptions.AUTO;
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("scorestream.learning.degree must be auto or 1..6, got " + value);
        }
    }

    private static RecordPath recordPath(String value) {
        return switch (value) {
            case "singleton" -> RecordPath.SINGLETON;
            case "partition-local" -> RecordPath.PARTITION_LOCAL;
            default -> throw new IllegalArgumentException("scorestream.cluster.record-path must be auto, singleton or partition-local, got " + value);
        };
    }

    /**
     * record-path = auto, resolved once at start-up: partition-local whenever the settings allow it
     * (replan-every-samples = 0, and not the singleton-only no-work-learners), singleton otherwise.
     */
    private static RecordPath autoRecordPath(Config c) {
        boolean allowed = c.getLong("learning.replan-every-samples") == 0 && !c.getBoolean("cluster.no-work-learners");
        return allowed ? RecordPath.PARTITION_LOCAL : RecordPath.SINGLETON;
    }

    /** The record path and how it was chosen, as the start-up log, `scorestream run` and /metrics show it. */
    public String describeRecordPath() {
        if (!recordPathAuto) return recordPath.configName() + " (set by cluster.record-path)";
        if (recordPath == RecordPath.PARTITION_LOCAL) return "partition-local (auto: replan-every-samples = 0)";
        List<String> why = new java.util.ArrayList<>();
        if (replanEverySamples > 0) why.add("replan-every-samples > 0");
        if (noWorkLearners) why.add("no-work-learners");
        return "singleton (auto: " + String.join(", ", why) + ")";
    }

    /** sampler.sampler, .grid, .steps (0: the sampler's default) and the grid constants, each optional but the first two. */
    private static SamplingPlan samplingPlan(Config c) {
        try {
            int steps = c.hasPath("steps") ? c.getInt("steps") : 0;
            return SamplingPlan.of(c.getString("sampler"), c.getString("grid"), steps == 0 ? null : steps,
                    optional(c, "c0"), optional(c, "c1"), optional(c, "kappa"), optional(c, "delta"), optional(c, "epsilon"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("scorestream.sampler: " + e.getMessage(), e);
        }
    }

    private static Double optional(Config c, String key) { return c.hasPath(key) ? c.getDouble(key) : null; }

    /** scorestream.columns: transform, types (learn|none), point-mass-share, overrides ["COLUMN=SPEC", …], repeated-rows (copy|model). */
    private static ColumnOptions columns(Config c) {
        String types = c.getString("columns.types").toLowerCase(Locale.ROOT);
        require(types.equals("learn") || types.equals("none"), "scorestream.columns.types must be learn or none, got " + types);
        try {
            return ColumnOptions.DEFAULTS.withTransform(ColumnOptions.parseTransform(c.getString("columns.transform")))
                    .withLearnTypes(types.equals("learn"))
                    .withPointMassShare(c.getDouble("columns.point-mass-share"))
                    .withOverrides(c.getStringList("columns.overrides"))
                    .withRepeatedRows(ColumnOptions.parseRepeatedRows(c.getString("columns.repeated-rows")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("scorestream.columns: " + e.getMessage());
        }
    }

    /**
     * scorestream.input.labels: per JSON field (or Avro string field) its labels ({@code species = [Adelie, Gentoo]}; a
     * dotted path in quotes, {@code "site.kind" = [...]}), as a schema registry's enum gives them.
     */
    private static Map<String, List<String>> labels(Config c) {
        Map<String, List<String>> out = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> e : c.getObject("input.labels").entrySet()) {
            ConfigValue value = e.getValue();
            if (value.valueType() != com.typesafe.config.ConfigValueType.LIST)
                throw new IllegalArgumentException("scorestream.input.labels." + e.getKey() + " must be a list of the field's labels"
                        + (value.valueType() == com.typesafe.config.ConfigValueType.OBJECT ? " (a dotted field path goes in quotes: \"site.kind\" = [...])" : ""));
            out.put(e.getKey(), ((List<?>) value.unwrapped()).stream().map(String::valueOf).toList());
        }
        return out;
    }

    private void validate() {
        require(format.equals("csv") || format.equals("json") || format.equals("avro") || format.equals("protobuf") || format.equals("influx"),
                "scorestream.input.format must be csv, json, avro, protobuf or influx, got " + format);
        require(format.equals("protobuf") || !protobuf.anySet(), "scorestream.input.protobuf-* settings are only for input.format = protobuf");
        require(format.equals("avro") == !avroSchema.isEmpty(), format.equals("avro")
                ? "scorestream.input.avro-schema must name the records' Avro schema file (.avsc) when input.format = avro"
                : "scorestream.input.avro-schema is only for input.format = avro");
        require(csvHeader.isEmpty() || format.equals("csv"), "scorestream.input.csv-header is only for input.format = csv (other formats name their own fields)");
        require(fields.isEmpty() || !format.equals("csv") || !csvHeader.isEmpty(),
                "scorestream.input.fields of csv records are names of scorestream.input.csv-header, the feed's columns in order: set it to choose among them");
        require(format.equals("avro") || avroEncoding.equals("bare"), "scorestream.input.avro-encoding is only for input.format = avro");
        require(avroSchemaId >= AvroEnvelope.ANY_ID, "scorestream.input.avro-schema-id must be -1 (any) or a schema registry id (0 or more), got " + avroSchemaId);
        require(avroWriterSchemas.isEmpty() || format.equals("avro"), "scorestream.input.avro-writer-schemas is only for input.format = avro");
        require(avroSchemaId == AvroEnvelope.ANY_ID || avroEncoding.equals("confluent"),
                "scorestream.input.avro-schema-id is for avro-encoding = confluent (Confluent's wire format carries the id), not " + avroEncoding);
        codec(dimension);   // a bad field selection or schema file fails here, with the setting named
        require(warmUpSamples >= 16, "scorestream.learning.warm-up-samples must be at least 16");
        require(planReservoir >= 16, "scorestream.learning.plan-reservoir must be at least 16");
        require(batchSize >= 1, "scorestream.learning.batch-size must be at least 1");
        require(batchMaxWait.toMillis() >= 1, "scorestream.learning.batch-max-wait must be at least 1ms, got " + batchMaxWait);
        require(modelEverySamples >= 1, "scorestream.learning.model-every-samples must be at least 1");
        require(!modelMaxAge.isNegative(), "scorestream.learning.model-max-age must be >= 0");
        require(forgetting > 0 && forgetting <= 1, "scorestream.learning.forgetting must be in (0, 1]");
        require(replanEverySamples >= 0, "scorestream.learning.replan-every-samples must be >= 0");
        require(degree == FitOptions.AUTO || (degree >= 1 && degree <= 6), "scorestream.learning.degree must be auto or 1..6, got " + degree);
        // A re-plan on the window chooses its structure on as many rows as the first plan did.
        require(recentWindow >= Math.min(warmUpSamples, planReservoir), "scorestream.learning.recent-window must be at least warm-up-samples or plan-reservoir, whichever is smaller");
        require(levelBands >= 1 && levelBands <= levels, "scorestream.learning.level-bands must be 1..levels");
        require(!bandTimeout.isNegative() && !bandTimeout.isZero(), "scorestream.cluster.band-timeout must be positive");
        require(!batchTimeout.isNegative() && !batchTimeout.isZero(), "scorestream.cluster.batch-timeout must be positive");
        if (recordPath == RecordPath.PARTITION_LOCAL) {
            // Not built for this path yet: a re-plan needs the switch at a durable offset per partition
            // (RELIABILITY.md P6). Forgetting is: it decays per partition, by that partition's own records.
            require(replanEverySamples == 0, "scorestream.learning.replan-every-samples must be 0 with cluster.record-path = partition-local (re-planning is not built for that path)");
            require(!noWorkLearners, "scorestream.cluster.no-work-learners is for the singleton record path (bench-ceiling)");
        }
        // Checked whatever the path, so a bad value is found before someone switches paths.
        require(!countInterval.isNegative() && !countInterval.isZero(), "scorestream.cluster.count-interval must be positive");
        require(publishPerSecond >= 0, "scorestream.sampler.publish-per-second must be >= 0");
        require(format.equals("csv") || csvDialect.isStandard(), "scorestream.input.csv-delimiter and decimal-mark are for input.format = csv, not " + format);
        require(measurement.isEmpty() || format.equals("influx"), "scorestream.input.measurement is for input.format = influx (InfluxDB line protocol's points), not " + format);
        require(jsonEnvelope.equals("none") || jsonEnvelope.equals("connect"), "scorestream.sampler.json-envelope must be none or connect, got " + jsonEnvelope);
        require(jsonEnvelope.equals("none") || jsonRecords(),
                "scorestream.sampler.json-envelope = connect is for input.format = json (generated records are written in the feed's format, here " + format + ")");
    }

    /** Whether the records are read as JSON objects: a JSON feed's, or InfluxDB line protocol's points (format = influx). */
    public boolean jsonRecords() { return format.equals("json") || format.equals("influx"); }

    /** Whether generated records go out in Kafka Connect's JSON envelope (scorestream.sampler.json-envelope = connect). */
    public boolean connectEnvelope() { return jsonEnvelope.equals("connect"); }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }

    /** A codec of the input settings, with the given dimension (-1: learned); a bad selection or schema is an IllegalArgumentException. */
    public RecordCodec codec(int dimension) {
        return codec(dimension, Map.of());
    }

    /**
     * As {@link #codec(int)}, reading also the JSON fields of learned labels as such (the labels a
     * stream's planner learned from its warm-up, beside the configured ones).
     */
    RecordCodec codec(int dimension, Map<String, List<String>> learnedLabels) {
        Map<String, List<String>> labels = this.labels;
        if (!learnedLabels.isEmpty()) {
            labels = new java.util.HashMap<>(labels);
            labels.putAll(learnedLabels);
        }
        org.apache.avro.Schema schema = null;
        if (!avroSchema.isEmpty()) {
            try {
                schema = io.scorestream.io.AvroRecords.parseSchema(Path.of(avroSchema));
            } catch (io.scorestream.io.InputException e) {
                throw new IllegalArgumentException("scorestream.input.avro-schema: " + e.getMessage(), e);
            }
        }
        AvroEnvelope envelope = null;
        if (schema != null) {
            try {
                envelope = new AvroEnvelope(AvroEnvelope.Encoding.parse(avroEncoding), schema, avroSchemaId);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("scorestream.input.avro-encoding: " + e.getMessage(), e);
            }
            try {
                envelope = envelope.withWriters(AvroEnvelope.WriterSchema.parseAll(avroWriterSchemas), schema);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("scorestream.input.avro-writer-schemas: " + e.getMessage(), e);
            }
        }
        ProtobufEnvelope protobufEnvelope = format.equals("protobuf") ? protobuf.envelope() : null;   // its own settings named in its errors
        try {
            if (protobufEnvelope != null) return new RecordCodec(dimension, maxRecordBytes, fields, labels, protobufEnvelope);
            if (format.equals("csv")) return RecordCodec.csv(dimension, maxRecordBytes, csvHeader, fields, labels, csvDialect);
            if (format.equals("influx")) return RecordCodec.lineProtocol(dimension, maxRecordBytes, fields, labels, measurement.isEmpty() ? null : measurement);
            return new RecordCodec(RecordCodec.Format.valueOf(format.toUpperCase(Locale.ROOT)), dimension, maxRecordBytes, fields, schema, labels, envelope);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("scorestream.input: " + e.getMessage(), e);
        }
    }

    /**
     * What start-up says of protobuf records' chosen fields that have no presence (proto3 numbers
     * without optional): unset, they read as 0, so a sensor that sends nothing looks like one that
     * sends 0. Null when there are none (or the records are not protobuf).
     */
    public String presenceNotice() {
        if (!format.equals("protobuf")) return null;
        ProtobufEnvelope envelope = protobuf.envelope();
        List<String> selection = io.scorestream.io.ProtobufRecords.selection(envelope.message(), fields, labels.keySet());
        List<String> none = io.scorestream.io.ProtobufRecords.withoutPresence(envelope.message(), selection);
        return none.isEmpty() ? null : "protobuf fields without presence (proto3, not optional) read as 0 when a record leaves them unset, "
                + "so a missing value cannot be told from a sent 0: " + none;
    }

    /**
     * What the default selection of an Avro schema's (or a Protobuf message's) fields does with its string fields without
     * labels given (scorestream.input.labels): on the partition-local path the warm-up learns those
     * whose values repeat as labels do, on the singleton path they are left out. Null when fields
     * are chosen, the format is another, or every string field has its labels.
     */
    public String leftOutNotice() {
        if (!(format.equals("avro") || format.equals("protobuf")) || !fields.isEmpty()) return null;
        List<String> strings = new java.util.ArrayList<>(format.equals("avro")
                ? io.scorestream.io.AvroRecords.stringFields(io.scorestream.io.AvroRecords.parseSchema(Path.of(avroSchema)))
                : io.scorestream.io.ProtobufRecords.stringFields(protobuf.envelope().message()));
        strings.removeAll(labels.keySet());
        if (strings.isEmpty()) return null;
        return recordPath == RecordPath.PARTITION_LOCAL && dimension < 0
                ? format + " string fields " + strings + " have no labels given: the warm-up learns as labels those whose values repeat as labels do, "
                        + "and the others are left out (scorestream.input.labels gives a field its labels)"
                : format + " string fields " + strings + " are left out: on the " + recordPath.configName() + " record path"
                        + (dimension > 0 ? " with a pinned dimension" : "") + " a stream learns a string field as a column of labels only when scorestream.input.labels gives its labels";
    }

    /**
     * The properties of a consumer of the samples topic: {@link #kafkaProperties()}, reading only
     * committed records unless the pass-through settings say otherwise. Kafka's own default reads
     * the records of aborted transactions too, and a transactional producer's aborted records
     * (Kafka Streams', Flink's, a connector's with exactly-once) are no data.
     */
    public Map<String, Object> samplesConsumerProperties() {
        Map<String, Object> m = new TreeMap<>();
        m.put(READ_COMMITTED.getKey(), READ_COMMITTED.getValue());
        m.putAll(kafkaProperties());
        return m;
    }

    /** The isolation level of every consumer of the samples topic, unless kafka.client-properties sets one. */
    public static final Map.Entry<String, String> READ_COMMITTED = Map.entry("isolation.level", "read_committed");

    /** Every Kafka client's properties: bootstrap servers plus the pass-through settings. */
    public Map<String, Object> kafkaProperties() {
        Map<String, Object> m = new TreeMap<>(clientProperties);
        m.put("bootstrap.servers", bootstrapServers);
        return m;
    }
}
