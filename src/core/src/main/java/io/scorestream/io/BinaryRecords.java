package io.scorestream.io;

import java.util.List;

/**
 * A reader and writer of one binary record format's chosen fields as columns: an Avro datum
 * ({@link AvroRecords}) or a Protobuf message ({@link ProtobufRecords}). What a stream decides about
 * its columns (the vote on an array's length, the model's columns after a restart) does not depend
 * on which, so the stream holds one of these.
 *
 * <p>Not thread-safe (readers reuse decoders): one per thread, see {@link #copy()}.
 */
public interface BinaryRecords {
    /** The columns, by dotted path ({@code sensor.temp}, {@code embedding[0]}). */
    List<String> fields();

    /** Per column its sorted labels (an enum's, a boolean's false and true, a text field's given ones), empty for a number; see {@link RecordSchema#labels()}. */
    List<List<String>> labels();

    /** Whether any column is a text field, read as text for the caller to number. */
    boolean hasText();

    /**
     * The columns' values of the record that starts at offset (after an envelope's header); a text
     * field's text goes to texts[column] (its value left 0); a problem with the record is a
     * {@link RecordProblem} naming the field.
     */
    double[] read(byte[] value, int offset, String[] texts);

    /** One record holding the values, each in its field's type. */
    byte[] write(double[] values);

    /** Another reader of the same fields and labels, for another thread. */
    BinaryRecords copy();
}
