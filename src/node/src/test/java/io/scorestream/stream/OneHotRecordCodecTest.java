package io.scorestream.stream;

import io.scorestream.io.OneHotColumns;
import io.scorestream.io.RecordSchema;
import io.scorestream.stream.RecordCodec.Bad;
import io.scorestream.stream.RecordCodec.Format;
import io.scorestream.stream.RecordCodec.Good;
import io.scorestream.stream.RecordCodec.Reason;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A codec that adopts a model reading a category written one-hot returns each record's values on
 * the model's columns (the category's label index), says so in its dimension, and dead-letters a
 * record whose indicators are not one 1 among 0s, naming the fields. JSON objects here; the CSV
 * feed through a broker is OneHotStreamTest's.
 */
class OneHotRecordCodecTest {
    private static final List<String> FIELDS = List.of("x", "kind_b", "kind_a", "kind_c");

    private static RecordSchema model() {
        RecordSchema feed = RecordSchema.named(RecordSchema.Format.JSON, FIELDS);
        DMatrixRMaj rows = new DMatrixRMaj(new double[][]{{0.5, 1, 0, 0}, {1.5, 0, 1, 0}, {2.5, 0, 0, 1}, {3.5, 0, 1, 0}});
        return OneHotColumns.collapse(rows, feed, OneHotColumns.find(rows, feed)).columns();
    }

    private static RecordCodec.Decoded decode(RecordCodec codec, String json) {
        return codec.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void recordsAreReadOnTheModelsColumnsOnceAdopted() {
        RecordSchema model = model();
        assertEquals(List.of("x", "kind"), model.names());
        assertEquals(List.of("kind_a", "kind_b", "kind_c"), model.labelsOf(1), "the labels are the indicators' names, sorted");
        RecordCodec codec = new RecordCodec(Format.JSON, -1, 1 << 20, FIELDS, null);
        assertArrayEquals(new double[]{7, 0, 0, 1}, ((Good) decode(codec, "{\"x\": 7, \"kind_b\": 0, \"kind_a\": 0, \"kind_c\": 1}")).vector(), 0,
                "before the model: the feed's own fields");
        codec.adoptColumns(model);
        codec.adopt(model.names().size());
        assertEquals(2, codec.dimension());
        assertArrayEquals(new double[]{7, 2}, ((Good) decode(codec, "{\"x\": 7, \"kind_b\": 0, \"kind_a\": 0, \"kind_c\": 1}")).vector(), 0, "kind_c: label 2");
        assertArrayEquals(new double[]{-1, 1}, ((Good) decode(codec, "{\"x\": -1, \"kind_b\": 1, \"kind_a\": 0, \"kind_c\": 0}")).vector(), 0, "kind_b: label 1");
        Bad two = (Bad) decode(codec, "{\"x\": 7, \"kind_b\": 1, \"kind_a\": 1, \"kind_c\": 0}");
        assertEquals(Reason.NOT_ONE_HOT, two.reason());
        assertEquals("columns kind_b … kind_c are one category written one-hot in the model, and this record holds 2 ones there", two.message());
        assertEquals("not-one-hot", Reason.NOT_ONE_HOT.headerValue());
        Bad half = (Bad) decode(codec, "{\"x\": 7, \"kind_b\": 0.5, \"kind_a\": 0.5, \"kind_c\": 0}");
        assertTrue(half.message().endsWith("holds a value other than 0 and 1 there"), half.message());
        assertEquals(Reason.MISSING_FIELD, ((Bad) decode(codec, "{\"x\": 7, \"kind_b\": 0, \"kind_a\": 1}")).reason(), "a missing indicator is named as before");
    }

    @Test
    void aModelWithoutCategoriesLeavesRecordsAsWritten() {
        RecordCodec codec = new RecordCodec(Format.JSON, -1, 1 << 20, FIELDS, null);
        codec.adoptColumns(RecordSchema.named(RecordSchema.Format.JSON, FIELDS));
        codec.adopt(4);
        assertEquals(4, codec.dimension());
        assertArrayEquals(new double[]{7, 1, 1, 0}, ((Good) decode(codec, "{\"x\": 7, \"kind_b\": 1, \"kind_a\": 1, \"kind_c\": 0}")).vector(), 0);
    }
}
