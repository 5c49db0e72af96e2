package io.scorestream.stream;

import com.typesafe.config.ConfigFactory;
import io.scorestream.io.RecordSchema;
import io.scorestream.stream.RecordCodec.Bad;
import io.scorestream.stream.RecordCodec.Decoded;
import io.scorestream.stream.RecordCodec.Good;
import io.scorestream.stream.RecordCodec.Reason;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * CSV lines whose fields are not all numbers (a time stamp, a device name), as sensor feeds send
 * them: scorestream.input.csv-header names a line's fields, fields chooses the ones learned, the
 * others are skipped unread. Such lines were all dead letters ("field 1 is not a number").
 */
class CsvColumnsCodecTest {
    private static final List<String> HEADER = List.of("ts", "device", "temp", "humidity");

    private static Decoded decode(RecordCodec codec, String line) {
        return codec.decode(line.getBytes(StandardCharsets.UTF_8));
    }

    private static double[] good(RecordCodec codec, String line) {
        if (decode(codec, line) instanceof Good g) return g.vector();
        throw new AssertionError("expected a good record for '" + line + "', got " + decode(codec, line));
    }

    private static Bad bad(RecordCodec codec, String line) {
        if (decode(codec, line) instanceof Bad b) return b;
        throw new AssertionError("expected a dead letter for '" + line + "', got " + decode(codec, line));
    }

    @Test
    void theChosenFieldsAreReadInTheirOrderAndTheOthersSkippedWhateverTheyHold() {
        RecordCodec codec = new RecordCodec(-1, 1024, HEADER, List.of("humidity", "temp"));
        assertEquals(2, codec.dimension());
        assertEquals(RecordSchema.named(RecordSchema.Format.CSV, List.of("humidity", "temp")), codec.columns());
        assertTrue(codec.named());
        assertArrayEquals(new double[]{40.2, 21.5}, good(codec, "2026-12-05T04:00:00Z,a17,21.5,40.2"), 0);
        // A skipped field may be empty, a word that is no number, NaN, or quoted with commas and doubled quotes inside.
        assertArrayEquals(new double[]{40, -3}, good(codec, ",NaN,-3,40\r\n"), 0);
        assertArrayEquals(new double[]{41, 20}, good(codec, "\"5 Dec 2026, 04:00\",\"the \"\"north\"\" hall\", \"20\" ,41"), 0);
        // Written back: the chosen columns, in their order, as a CSV line.
        assertEquals("40.2,21.5", new String(codec.encode(new double[]{40.2, 21.5}), StandardCharsets.UTF_8));
    }

    @Test
    void aChosenFieldThatIsNoNumberOrALineOfAnotherCountIsADeadLetterNamingIt() {
        RecordCodec codec = new RecordCodec(-1, 1024, HEADER, List.of("temp", "humidity"));
        Bad word = bad(codec, "2026-12-05T04:00:00Z,a17,warm,40.2");
        assertEquals(Reason.MALFORMED, word.reason());
        assertEquals("field 3 (temp) is not a number: 'warm'", word.message());
        Bad nan = bad(codec, "2026-12-05T04:00:00Z,a17,21.5,NaN");
        assertEquals(Reason.NON_FINITE, nan.reason());
        assertEquals("field 4 (humidity) is not finite: 'NaN'", nan.message());
        Bad empty = bad(codec, "2026-12-05T04:00:00Z,a17,,40.2");
        assertEquals("field 3 (temp) is empty", empty.message());
        Bad short_ = bad(codec, "2026-12-05T04:00:00Z,21.5,40.2");
        assertEquals(Reason.WRONG_DIMENSION, short_.reason());
        assertEquals("expected 4 fields (csv-header [ts, device, temp, humidity]), found 3", short_.message());
        assertEquals(Reason.WRONG_DIMENSION, bad(codec, "2026-12-05T04:00:00Z,a17,21.5,40.2,1").reason());
        Bad open = bad(codec, "\"2026-12-05,a17,21.5,40.2");
        assertEquals(Reason.MALFORMED, open.reason());
        assertEquals("field 1 (ts): a quote that never closes", open.message());
        assertEquals(Reason.MALFORMED, bad(codec, "t,a17,21.5,40.2\nt,a17,21.5,40.2").reason());
    }

    @Test
    void aHeaderWithoutFieldsLearnsEveryFieldEachANumber() {
        RecordCodec codec = new RecordCodec(-1, 1024, List.of("x", "y", "z"), List.of());
        assertEquals(RecordSchema.named(RecordSchema.Format.CSV, List.of("x", "y", "z")), codec.columns());
        assertArrayEquals(new double[]{1, 2, 3}, good(codec, "1,2,3"), 0);
        assertEquals("field 2 (y) is not a number: 'b'", bad(codec, "1,b,3").message());
    }

    @Test
    void aModelOfOtherColumnsIsRefusedNamingBoth() {
        RecordCodec codec = new RecordCodec(-1, 1024, HEADER, List.of("temp", "humidity"));
        codec.adoptColumns(RecordSchema.named(RecordSchema.Format.CSV, List.of("temp", "humidity")));   // its own: fine
        IllegalStateException other = assertThrows(IllegalStateException.class,
                () -> codec.adoptColumns(RecordSchema.named(RecordSchema.Format.CSV, List.of("temp"))));
        assertTrue(other.getMessage().contains("[temp, humidity]") && other.getMessage().contains("[temp]"), other.getMessage());
        IllegalStateException bare = assertThrows(IllegalStateException.class, () -> codec.adoptColumns(RecordSchema.UNNAMED_CSV));
        assertTrue(bare.getMessage().contains("(unnamed)"), bare.getMessage());
    }

    @Test
    void aBadSelectionFailsAtStartNamingTheSetting() {
        assertEquals("scorestream.input: field pressure is not a column of csv-header [ts, device, temp, humidity]",
                startError(Map.of("input.csv-header", HEADER, "input.fields", List.of("temp", "pressure"))));
        assertEquals("scorestream.input: csv-header names temp twice",
                startError(Map.of("input.csv-header", List.of("ts", "temp", "temp"))));
        assertEquals("scorestream.input.fields of csv records are names of scorestream.input.csv-header, the feed's columns in order: set it to choose among them",
                startError(Map.of("input.fields", List.of("temp"))));
        assertEquals("scorestream.input.csv-header is only for input.format = csv (other formats name their own fields)",
                startError(Map.of("input.format", "json", "input.csv-header", HEADER)));
        assertEquals("scorestream.input: dimension = 3 but the csv columns chosen are [temp, humidity]",
                startError(Map.of("input.csv-header", HEADER, "input.fields", List.of("temp", "humidity"), "input.dimension", 3)));
        StreamSettings fine = settings(Map.of("input.csv-header", HEADER, "input.fields", List.of("temp", "humidity")));
        assertEquals(List.of("temp", "humidity"), fine.codec(-1).columns().names());
    }

    private static StreamSettings settings(Map<String, Object> input) {
        Map<String, Object> prefixed = new java.util.HashMap<>();
        input.forEach((k, v) -> prefixed.put("scorestream." + k, v));
        return StreamSettings.from(ConfigFactory.parseMap(prefixed).withFallback(ConfigFactory.load()));
    }

    private static String startError(Map<String, Object> input) {
        return assertThrows(IllegalArgumentException.class, () -> settings(input)).getMessage();
    }
}
