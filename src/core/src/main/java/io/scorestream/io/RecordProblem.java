package io.scorestream.io;

/**
 * Why one record of a named-field format (a JSON object, an Avro datum) yields no vector: the kind
 * (for a dead-letter reason and counters) and a message that names the field. Control flow of the
 * record readers, so it carries no stack trace.
 */
public final class RecordProblem extends RuntimeException {
    public enum Kind { MALFORMED, MISSING_FIELD, NULL_FIELD, NON_NUMERIC, NON_FINITE, FIELDS_CHANGED, WRONG_SCHEMA }

    private final Kind kind;

    public RecordProblem(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() { return kind; }
}
