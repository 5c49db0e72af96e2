package io.scorestream.stream;

import com.typesafe.config.ConfigFactory;
import io.scorestream.io.CsvDialect;
import io.scorestream.stream.RecordCodec.Bad;
import io.scorestream.stream.RecordCodec.Good;
import io.scorestream.stream.RecordCodec.Reason;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * CSV lines as producers in much of Europe write them (scorestream.input.csv-delimiter = ";",
 * decimal-mark = ","): read as their numbers, written back the same way. Such lines were
 * wrong-dimension or malformed dead letters ("21,5;40,2" is three fields of a comma feed).
 */
class CsvDialectCodecTest {
    private static final CsvDialect EUROPEAN = new CsvDialect(';', ',', StandardCharsets.UTF_8);

    private static Object decode(RecordCodec codec, String line) {
        return codec.decode(line.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void linesOfNumbersWithDecimalCommasAreTheirNumbersAndWrittenBackSo() {
        RecordCodec codec = RecordCodec.csv(2, 1 << 20, List.of(), List.of(), Map.of(), EUROPEAN);
        assertArrayEquals(new double[]{21.5, 40.25}, ((Good) decode(codec, "21,5;40,25")).vector(), 0);
        assertArrayEquals(new double[]{-3, 1e3}, ((Good) decode(codec, " -3 ;\"1000\"")).vector(), 0, "spaces, quotes, a point-free integer");
        assertArrayEquals(new double[]{21.5, 7}, ((Good) decode(codec, "21.5;7")).vector(), 0, "a point is read too");
        Bad word = (Bad) decode(codec, "21,5;warm");
        assertEquals(Reason.MALFORMED, word.reason());
        assertEquals("field 2 is not a number: 'warm'", word.message());
        assertEquals("field 1 is not a number: '1,2,3'", ((Bad) decode(codec, "1,2,3;4")).message());
        assertEquals(Reason.WRONG_DIMENSION, ((Bad) decode(codec, "21,5")).reason());
        assertEquals(EUROPEAN, codec.columns().dialect());
        assertEquals("21,5;-0,125", new String(codec.encode(new double[]{21.5, -0.125}), StandardCharsets.UTF_8));
    }

    @Test
    void namedFieldsWithLabelsInTheDialect() {
        RecordCodec codec = RecordCodec.csv(-1, 1 << 20, List.of("ts", "site", "temp"), List.of("site", "temp"),
                Map.of("site", List.of("hall 3", "yard")), EUROPEAN);
        assertArrayEquals(new double[]{1, 21.5}, ((Good) decode(codec, "2026-12-07 05:00;yard;21,5")).vector(), 0);
        assertEquals("field 3 (temp) is not a number: '21,5,0'", ((Bad) decode(codec, "2026-12-07 05:00;yard;21,5,0")).message());
        assertEquals(Reason.UNKNOWN_LABEL, ((Bad) decode(codec, "2026-12-07 05:00;roof;21,5")).reason());
        assertEquals("yard;21,5", new String(codec.encode(new double[]{1, 21.5}), StandardCharsets.UTF_8));
        assertEquals(Map.of("site", "yard"), codec.csvTexts("2026-12-07 05:00;yard;21,5".getBytes(StandardCharsets.UTF_8)).entrySet().stream()
                .filter(e -> !e.getKey().equals("ts")).collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)),
                "a decimal comma's number is no label");
    }

    @Test
    void theSettingsAreACommaOrSemicolonAndAPointOrComma() {
        StreamSettings european = StreamSettings.from(ConfigFactory.parseString("scorestream.input { csv-delimiter = \";\", decimal-mark = \",\" }")
                .withFallback(ConfigFactory.defaultReference()));
        assertEquals(EUROPEAN, european.csvDialect());
        assertEquals(EUROPEAN, european.codec(-1).columns().dialect());
        assertTrue(StreamSettings.from(ConfigFactory.defaultReference()).csvDialect().isStandard());
        for (String[] bad : new String[][]{
                {"scorestream.input.csv-delimiter = \"|\"", "scorestream.input.csv-delimiter must be \",\" or \";\", got \"|\""},
                {"scorestream.input.decimal-mark = \"'\"", "scorestream.input.decimal-mark must be \".\" or \",\", got \"'\""},
                {"scorestream.input.decimal-mark = \",\"", "scorestream.input.decimal-mark = \",\" needs csv-delimiter = \";\" (a comma cannot be both)"},
                {"scorestream.input { format = json, csv-delimiter = \";\" }", "scorestream.input.csv-delimiter and decimal-mark are for input.format = csv, not json"},
                {"scorestream.input { format = json, measurement = cpu }", "scorestream.input.measurement is for input.format = influx (InfluxDB line protocol's points), not json"}}) {
            var e = assertThrows(IllegalArgumentException.class, () -> StreamSettings.from(ConfigFactory.parseString(bad[0]).withFallback(ConfigFactory.defaultReference())));
            assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
        }
    }
}
