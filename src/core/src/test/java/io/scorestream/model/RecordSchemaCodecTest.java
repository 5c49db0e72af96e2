package io.scorestream.model;

import io.scorestream.io.RecordSchema;
import io.scorestream.data.Datasets;
import io.scorestream.learn.FitOptions;
import io.scorestream.learn.Fitter;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The column names travel with the model: its file, the model topic's records, the structure of snapshots and messages. */
class RecordSchemaCodecTest {
    static final String AVRO = "{\"type\":\"record\",\"name\":\"Reading\",\"fields\":[{\"name\":\"temp\",\"type\":\"double\"},"
            + "{\"name\":\"humidity\",\"type\":\"double\"},{\"name\":\"co2\",\"type\":\"int\"}]}";

    @Test
    void namedColumnsSurviveTheModelFileTheModelTopicAndTheStructureCodec() throws IOException {
        ScoreModel fitted = Fitter.fit(Datasets.generate("aniso", 600, 1).samples(), FitOptions.defaults().withLevels(12), null);
        for (RecordSchema columns : List.of(RecordSchema.named(RecordSchema.Format.JSON, List.of("sensor.temp", "sensor.humidity", "co2")),
                new RecordSchema(RecordSchema.Format.AVRO, List.of("temp", "humidity", "co2"), AVRO),
                RecordSchema.named(RecordSchema.Format.CSV, List.of("a b", "ünïcode", "c")),
                RecordSchema.unnamed(RecordSchema.Format.JSON))) {
            ScoreModel model = fitted.withRecordSchema(columns);
            assertEquals(columns, ModelCodec.decode(ModelCodec.encode(model), "test").recordSchema());
            ModelTopicCodec.Reader reader = new ModelTopicCodec.Reader();
            for (ModelTopicCodec.Chunk chunk : ModelTopicCodec.encode(model)) reader.add(chunk.value(), chunk.key());
            assertEquals(columns, reader.newestComplete().orElseThrow().recordSchema());
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            StructureCodec.write(new DataOutputStream(bytes), model.structure(), (o, l, c) -> {});
            assertEquals(columns, StructureCodec.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), (i, l, c, p, d) -> {}).recordSchema());
        }
        assertThrows(IllegalArgumentException.class, () -> fitted.withRecordSchema(RecordSchema.named(RecordSchema.Format.JSON, List.of("only", "two"))),
                "as many names as coordinates");
        assertThrows(IllegalArgumentException.class, () -> RecordSchema.named(RecordSchema.Format.JSON, List.of("a", "a", "b")));
    }

    @Test
    void structuresWrittenBeforeColumnsHadNamesReadAsUnnamed() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new DataOutputStream(bytes).writeInt(7);   // an older writer put the dimension first
        RecordSchema.WithDimension read = RecordSchema.readWithDimension(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(7, read.dimension());
        assertEquals(RecordSchema.UNNAMED_CSV, read.schema());
    }
}
