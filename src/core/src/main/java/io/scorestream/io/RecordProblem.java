package io.scorestream.io;

/**
 * Why one record of a named-field format (a JSON object, an Avro datum) yields no vector: the kind
 * (for a dead-letter reason and counters) and a message that names the field. Control flow of the
 * record readers, so it carries no stack trace.
 */
public final class RecordProblem extends RuntimeException {
    public enum Kind {
        MALFORMED, MISSING_FIELD, NULL_FIELD, NON_NUMERIC, NON_FINITE, FIELDS_CHANGED, WRONG_SCHEMA,
        /** An envelope that carries no row: a change event deleting one, a Kafka Connect tombstone ({@link JsonEnvelope}). */
        NO_ROW
    }

    private final Kind kind;
    private final String field;

    public RecordProblem(Kind kind, String message) {
        this(kind, message, null);
    }

    /** A problem with one named field (null, absent), so a reader can say which field held it. */
    public RecordProblem(Kind kind, String message, String field) {
        super(message, null, false, false);
        this.kind = kind;
        this.field = field;
    }

    public Kind kind() { return kind; }

    /** The field the problem is about, or null. */
    public String field() { return field; }
}
