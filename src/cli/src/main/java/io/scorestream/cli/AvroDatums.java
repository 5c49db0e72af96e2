package io.scorestream.cli;

import io.scorestream.io.InputException;
import io.scorestream.stream.AvroEnvelope;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** An Avro data file's records as Kafka record values: each one datum of the file's schema, in an envelope. */
final class AvroDatums {
    private AvroDatums() {}

    /** Every record of the file, in order, wrapped as encoding says (schemaId for Confluent's wire format). */
    static List<byte[]> read(Path file, AvroEnvelope.Encoding encoding, int schemaId) {
        List<byte[]> out = new ArrayList<>();
        try (DataFileReader<GenericRecord> reader = new DataFileReader<>(file.toFile(), new GenericDatumReader<>())) {
            AvroEnvelope envelope = new AvroEnvelope(encoding, reader.getSchema(), encoding == AvroEnvelope.Encoding.CONFLUENT ? schemaId : AvroEnvelope.ANY_ID);
            GenericDatumWriter<GenericRecord> writer = new GenericDatumWriter<>(reader.getSchema());
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            BinaryEncoder encoder = null;
            for (GenericRecord record : reader) {
                bytes.reset();
                encoder = EncoderFactory.get().binaryEncoder(bytes, encoder);
                writer.write(record, encoder);
                encoder.flush();
                out.add(envelope.wrap(bytes.toByteArray(), schemaId));
            }
        } catch (IOException | AvroRuntimeException e) {
            throw InputException.notAvro(file, e);
        }
        return out;
    }
}
