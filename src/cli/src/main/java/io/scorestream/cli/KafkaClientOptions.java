package io.scorestream.cli;

import io.scorestream.io.InputException;
import io.scorestream.stream.RecordCodec;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The Kafka options that {@code produce} and {@code consume} share (a picocli mixin), and how
 * Kafka client failures become one-line user errors.
 */
final class KafkaClientOptions {
    @Option(names = "--bootstrap", defaultValue = "localhost:9092", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers, comma-separated (default ${DEFAULT-VALUE}).")
    String bootstrap;

    @Option(names = "--format", defaultValue = "csv", paramLabel = "csv|json|avro",
            description = "Record value format: csv (one line of comma-separated numbers) or json (an array of numbers; a JSON object with names); "
                    + "produce also sends an .avro file's records as avro and a JSON Lines file's objects as protobuf; default ${DEFAULT-VALUE}.")
    String format;

    // Repeatable and passed through untouched, so that secured clusters (security.protocol,
    // sasl.*, ssl.*) work without ScoreStream knowing about each setting.
    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "Any Kafka client setting, e.g. security.protocol=SASL_SSL; repeatable; overrides the options above.")
    List<String> properties = new ArrayList<>();

    RecordCodec.Format format(CommandSpec spec) {
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "csv" -> RecordCodec.Format.CSV;
            case "json" -> RecordCodec.Format.JSON;
            default -> throw new ParameterException(spec.commandLine(),
                    "unknown --format '" + format + "'; choose csv or json");
        };
    }

    /** bootstrap.servers from --bootstrap, then every --kafka-property in order. */
    Properties clientProperties(CommandSpec spec) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        for (String property : properties) {
            int eq = property.indexOf('=');
            if (eq <= 0) {
                // Quote the text only when it looks like a setting name: a mistyped
                // sasl.jaas.config can hold a password, and errors end up in CI logs.
                String shown = property.matches("[A-Za-z0-9._-]{1,80}") ? " '" + property + "'" : "";
                throw new ParameterException(spec.commandLine(), "--kafka-property" + shown
                        + (eq == 0 ? " has no key" : " has no '='") + "; expected KEY=VALUE, e.g. security.protocol=SSL");
            }
            props.put(property.substring(0, eq).strip(), property.substring(eq + 1));
        }
        return props;
    }

    /**
     * Kafka failures the user can fix (a bad setting, an unreachable broker or missing topic,
     * refused credentials, a record over the broker's limit) as an InputException, which the
     * command line reports with exit code 2; anything else is left as it is (exit code 1).
     */
    static RuntimeException explain(KafkaException e, String what) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof ConfigException)
            return new InputException(what + ": invalid Kafka client setting: " + reason, e);
        if (e instanceof TimeoutException)
            return new InputException(what + ": timed out (is the broker reachable and the topic created?): " + reason, e);
        if (e instanceof AuthenticationException || e instanceof AuthorizationException)
            return new InputException(what + ": " + reason, e);
        if (e instanceof RecordTooLargeException)
            return new InputException(what + ": a record is larger than Kafka accepts (max.request.size or the broker's message.max.bytes): " + reason, e);
        // Creating a client wraps a bad setting (e.g. an unknown class name) in a plain KafkaException.
        if (e.getCause() instanceof ConfigException config)
            return new InputException(what + ": invalid Kafka client setting: " + config.getMessage(), e);
        return e;
    }
}
