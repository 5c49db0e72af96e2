package io.scorestream.stream;

import io.scorestream.io.RecordSchema;
import io.scorestream.stream.RecordCodec.Bad;
import io.scorestream.stream.RecordCodec.Format;
import io.scorestream.stream.RecordCodec.Good;
import io.scorestream.stream.RecordCodec.Reason;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.scorestream.stream.NamedRecordCodecTest.EMBEDDED;
import static io.scorestream.stream.NamedRecordCodecTest.MAX;
import static io.scorestream.stream.NamedRecordCodecTest.assertBad;
import static io.scorestream.stream.NamedRecordCodecTest.decode;
import static org.junit.jupiter.api.Assertions.*;

/**
 * An array's name as a block of columns in the node (JSON {@code input.fields = [embedding]}, an
 * Avro array of numbers chosen or by default): its length learned by the vote of the first records,
 * a shorter or longer array dead-lettered after, the columns adopted from the model after a restart.
 */
class ArrayFieldsCodecTest {
    static final List<String> COLUMNS = List.of("embedding[0]", "embedding[1]", "embedding[2]", "score");

    static String doc(String embedding) {
        return "{\"id\":\"doc-17\",\"embedding\":[" + embedding + "],\"score\":0.75,\"model\":\"e5\"}";
    }

    @Test
    void aJsonArraysNameIsExpandedToItsElementsAndTheLengthLearned() {
        RecordCodec codec = new RecordCodec(Format.JSON, -1, MAX, List.of("embedding", "score"), null);
        assertEquals(-1, codec.dimension());
        assertBad(Reason.MALFORMED, "not a JSON object: the stream's records are objects with fields [embedding, score]", decode(codec, "[1, 2]"));
        Good first = assertInstanceOf(Good.class, decode(codec, doc("0.5,-1.25,9")));
        assertTrue(first.provisional());
        assertEquals(COLUMNS, first.fields());
        assertArrayEquals(new double[]{0.5, -1.25, 9, 0.75}, first.vector(), 0);

        assertEquals(COLUMNS, codec.learnColumns(first.fields()));
        assertEquals(4, codec.dimension());
        assertEquals(RecordSchema.named(RecordSchema.Format.JSON, COLUMNS), codec.columns());
        Good good = assertInstanceOf(Good.class, decode(codec, doc("1,2,3")));
        assertFalse(good.provisional());
        assertArrayEquals(new double[]{1, 2, 3, 0.75}, good.vector(), 0);
        assertBad(Reason.MISSING_FIELD, "field embedding[2] is missing", decode(codec, doc("1,2")));
        assertBad(Reason.FIELDS_CHANGED, "field embedding[3] is not among the stream's columns: the array embedding has 5 elements, 3 learned",
                decode(codec, doc("1,2,3,4,5")));
        // Generated records carry the array again, without the fields not chosen.
        assertEquals("{\"embedding\":[1,2,3],\"score\":0.5}", new String(codec.encode(new double[]{1, 2, 3, 0.5}), StandardCharsets.UTF_8));
    }

    /** A tiny stream item: a decoded record kept with its text, so the vote can have it decoded again. */
    record Item(String text, double[] vector, List<String> fields, Bad bad) {}

    static Item item(RecordCodec codec, String text) {
        RecordCodec.Decoded d = decode(codec, text);
        return d instanceof Good g ? new Item(text, g.vector(), g.fields(), null) : new Item(text, null, null, (Bad) d);
    }

    @Test
    void theVoteOfTheFirstRecordsFixesTheLengthAndTheRecordsItHeldAreDecodedAgain() {
        RecordCodec codec = new RecordCodec(Format.JSON, -1, MAX, List.of("embedding", "score"), null);
        DimensionVote.Items<Item> items = new DimensionVote.Items<>() {
            @Override public double[] vector(Item item) { return item.vector(); }
            @Override public List<String> fields(Item item) { return item.fields(); }
            @Override public Item redecode(Item item) { return item(codec, item.text()); }
            @Override public Item asBad(Item item, Bad bad) { return new Item(item.text(), null, null, bad); }
        };
        List<String> log = new ArrayList<>();
        DimensionVote<Item> vote = new DimensionVote<>(codec, 4, 100, Long.MAX_VALUE, items, log::add);
        List<Item> out = new ArrayList<>(vote.offer(item(codec, doc("1,2"))));   // a wrong first record costs one dead letter
        for (int i = 0; i < 3; i++) out.addAll(vote.offer(item(codec, doc("1,2,3"))));
        assertEquals(4, out.size());
        assertEquals(COLUMNS, codec.columns().names());
        assertBad(Reason.MISSING_FIELD, "field embedding[2] is missing", out.get(0).bad());
        for (Item good : out.subList(1, 4)) assertArrayEquals(new double[]{1, 2, 3, 0.75}, good.vector(), 0);
        assertTrue(log.get(0).startsWith("input fields [embedding[0], embedding[1], embedding[2], score] from a vote of the first 4 records"), log.get(0));
    }

    static final List<String> MATRIX = List.of("m[0][0]", "m[0][1]", "m[1][0]", "m[1][1]", "score");

    static String matrix(String m) {
        return "{\"m\":" + m + ",\"score\":0.75}";
    }

    /**
     * A nested array is held to the shape learned at every level: an inner array longer than
     * learned is fields-changed naming its first extra element, as a longer top-level array is, and
     * a shorter one missing-field; whether the columns came from the vote or, after a restart, from
     * the model.
     */
    @Test
    void aNestedArraysInnerArrayOfAnotherLengthThanLearnedIsADeadLetterNamingTheElement() {
        RecordCodec voted = new RecordCodec(Format.JSON, -1, MAX, List.of("m", "score"), null);
        Good first = assertInstanceOf(Good.class, decode(voted, matrix("[[1,2],[3,4]]")));
        assertEquals(MATRIX, first.fields());
        voted.learnColumns(first.fields());
        RecordCodec adopted = new RecordCodec(Format.JSON, -1, MAX, List.of("m", "score"), null);
        adopted.adoptColumns(RecordSchema.named(RecordSchema.Format.JSON, MATRIX));
        for (RecordCodec codec : List.of(voted, adopted)) {
            assertArrayEquals(new double[]{5, 6, 7, 8, 0.75}, ((Good) decode(codec, matrix("[[5,6],[7,8]]"))).vector(), 0);
            assertBad(Reason.FIELDS_CHANGED, "field m[0][2] is not among the stream's columns: the array m[0] has 3 elements, 2 learned",
                    decode(codec, matrix("[[1,2,3],[3,4]]")));
            assertBad(Reason.FIELDS_CHANGED, "field m[1][2] is not among the stream's columns: the array m[1] has 4 elements, 2 learned",
                    decode(codec, matrix("[[1,2],[3,4,5,6]]")));
            assertBad(Reason.MISSING_FIELD, "field m[0][1] is missing", decode(codec, matrix("[[1],[3,4]]")));
            assertBad(Reason.MISSING_FIELD, "field m[1][1] is missing", decode(codec, matrix("[[1,2],[3]]")));
            // The outer array too: a third row is not among the columns either.
            assertBad(Reason.FIELDS_CHANGED, "field m[2] is not among the stream's columns: the array m has 3 elements, 2 learned",
                    decode(codec, matrix("[[1,2],[3,4],[5,6]]")));
        }
        // Avro has no nested arrays to check: only an array of numbers is a block of columns, and another is refused at start.
        org.apache.avro.Schema nested = io.scorestream.io.AvroRecords.parseSchema("""
                {"type": "record", "name": "Grid", "fields": [{"name": "m", "type": {"type": "array", "items": {"type": "array", "items": "double"}}}]}""");
        assertEquals("field m of the Avro schema is ARRAY, not a number, an enum, a boolean or a string",
                assertThrows(IllegalArgumentException.class, () -> new RecordCodec(Format.AVRO, -1, MAX, List.of("m"), nested)).getMessage());
    }

    static byte[] embedded(List<Float> embedding) throws IOException {
        GenericRecord r = new GenericData.Record(EMBEDDED);
        r.put("id", "doc-17");
        r.put("embedding", embedding);
        r.put("score", 0.75);
        return NamedRecordsTest.datum(EMBEDDED, r);
    }

    @Test
    void anAvroArrayWithoutConfiguredFieldsHasItsLengthLearnedAndIsWrittenBackAsTheArray() throws Exception {
        RecordCodec codec = new RecordCodec(Format.AVRO, -1, MAX, List.of(), EMBEDDED);
        assertEquals(-1, codec.dimension());
        assertFalse(codec.named());
        Good first = assertInstanceOf(Good.class, codec.decode(embedded(List.of(0.5f, -1.25f, 9f))));
        assertTrue(first.provisional());
        assertEquals(COLUMNS, first.fields());
        assertArrayEquals(new double[]{0.5, -1.25, 9, 0.75}, first.vector(), 0);
        assertBad(Reason.MISSING_FIELD, "field embedding[0] is missing: the array embedding is empty", codec.decode(embedded(List.of())));
        assertEquals(Reason.WRONG_SCHEMA, ((Bad) codec.decode(new byte[]{2, 'x'})).reason());

        codec.learnColumns(first.fields());
        assertEquals(4, codec.dimension());
        assertEquals(COLUMNS, codec.columns().names());
        assertEquals(RecordSchema.Format.AVRO, codec.columns().format());
        assertArrayEquals(new double[]{1, 2, 3, 0.75}, ((Good) codec.decode(embedded(List.of(1f, 2f, 3f)))).vector(), 0);
        assertBad(Reason.MISSING_FIELD, "field embedding[2] is missing: the array embedding has 2 elements, 3 learned", codec.decode(embedded(List.of(1f, 2f))));
        assertBad(Reason.FIELDS_CHANGED, "field embedding[3] is not among the stream's columns: the array embedding has 4 elements, 3 learned",
                codec.decode(embedded(List.of(1f, 2f, 3f, 4f))));

        byte[] out = codec.encode(new double[]{1.5, 2.5, 3.5, 4});
        org.apache.avro.Schema written = io.scorestream.io.AvroRecords.parseSchema(new io.scorestream.io.RecordWriter(codec.columns()).writtenSchema());
        GenericRecord back = new GenericDatumReader<GenericRecord>(written).read(null, DecoderFactory.get().binaryDecoder(out, null));
        assertEquals(List.of(1.5f, 2.5f, 3.5f), back.get("embedding"));
        assertEquals(4.0, back.get("score"));

        // The array chosen by its name: the same columns, in the order chosen.
        RecordCodec chosen = new RecordCodec(Format.AVRO, -1, MAX, List.of("score", "embedding"), EMBEDDED);
        assertEquals(List.of("score", "embedding[0]", "embedding[1]"), ((Good) chosen.decode(embedded(List.of(1f, 2f)))).fields());
    }

    @Test
    void afterARestartTheModelsColumnsAreAdoptedWithTheArrayStillWhole() throws Exception {
        RecordCodec json = new RecordCodec(Format.JSON, -1, MAX, List.of("embedding", "score"), null);
        json.adoptColumns(RecordSchema.named(RecordSchema.Format.JSON, COLUMNS));
        assertEquals(4, json.dimension());
        assertFalse(((Good) decode(json, doc("1,2,3"))).provisional());
        assertEquals(Reason.FIELDS_CHANGED, ((Bad) decode(json, doc("1,2,3,4"))).reason());

        RecordCodec avro = new RecordCodec(Format.AVRO, -1, MAX, List.of(), EMBEDDED);
        avro.adoptColumns(new RecordSchema(RecordSchema.Format.AVRO, COLUMNS, EMBEDDED.toString()));
        assertEquals(4, avro.dimension());
        assertEquals(Reason.FIELDS_CHANGED, ((Bad) avro.decode(embedded(List.of(1f, 2f, 3f, 4f)))).reason());

        IllegalStateException other = assertThrows(IllegalStateException.class,
                () -> json.adoptColumns(RecordSchema.named(RecordSchema.Format.JSON, List.of("embedding[0]", "rank"))));
        assertOneLine(other.getMessage());
        assertTrue(other.getMessage().startsWith("the records' fields json [embedding, score] (an array's name standing for its elements) differ from "
                + "the stream's model's json [embedding[0], rank]"), other.getMessage());
    }

    @Test
    void aSelectionThatCannotWorkIsOneLineAtStartAndAPinnedDimensionIsChecked() throws Exception {
        String unknown = assertThrows(IllegalArgumentException.class, () -> new RecordCodec(Format.AVRO, -1, MAX, List.of("embeddings"), EMBEDDED)).getMessage();
        assertEquals("field embeddings is not in the Avro schema Embedded", unknown);
        String single = assertThrows(IllegalArgumentException.class, () -> new RecordCodec(Format.AVRO, -1, MAX, List.of("embedding[2]", "score"), EMBEDDED)).getMessage();
        assertOneLine(single);
        assertTrue(single.startsWith("the array embedding has no element embedding[0] among the fields"), single);
        String text = assertThrows(IllegalArgumentException.class, () -> new RecordCodec(Format.AVRO, -1, MAX, List.of("id"), EMBEDDED)).getMessage();
        assertEquals("field id of the Avro schema is a string: give its labels in scorestream.input.labels", text);
        String few = assertThrows(IllegalArgumentException.class, () -> new RecordCodec(Format.JSON, 1, MAX, List.of("embedding", "score"), null)).getMessage();
        assertEquals("scorestream.input.dimension = 1 but the fields [embedding, score] are 2 columns at least", few);

        // Pinned: a record whose array makes another number of columns is a dead letter at once, so no vote can choose it.
        RecordCodec pinned = new RecordCodec(Format.AVRO, 4, MAX, List.of(), EMBEDDED);
        assertBad(Reason.WRONG_DIMENSION, "expected 4 values, found 3", pinned.decode(embedded(List.of(1f, 2f))));
        assertTrue(((Good) pinned.decode(embedded(List.of(1f, 2f, 3f)))).provisional());
    }

    static void assertOneLine(String message) {
        assertFalse(message.contains("\n"), message);
    }
}
