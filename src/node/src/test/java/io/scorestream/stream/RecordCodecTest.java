package io.scorestream.stream;

import io.scorestream.stream.RecordCodec.Bad;
import io.scorestream.stream.RecordCodec.Decoded;
import io.scorestream.stream.RecordCodec.Format;
import io.scorestream.stream.RecordCodec.Good;
import io.scorestream.stream.RecordCodec.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class RecordCodecTest {
    private static final int MAX = 1024;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static double[] good(RecordCodec codec, String text) {
        Decoded d = codec.decode(utf8(text));
        if (d instanceof Good g) return g.vector();
        throw new AssertionError("expected a good record for '" + text + "', got " + d);
    }

    private static Bad bad(RecordCodec codec, byte[] value) {
        Decoded d = codec.decode(value);
        if (d instanceof Bad b) return b;
        throw new AssertionError("expected a bad record, got " + d);
    }

    private static Bad bad(RecordCodec codec, String text) {
        return bad(codec, utf8(text));
    }

    @Test
    void csvAcceptsSpacesSignsExponentsAndOneTrailingNewline() {
        RecordCodec csv = new RecordCodec(Format.CSV, 3, MAX);
        assertArrayEquals(new double[]{1.5, -2, 3e-4}, good(csv, "1.5,-2,3e-4"), 0);
        assertArrayEquals(new double[]{1, 2, 0.5}, good(csv, " 1 ,\t+2 , .5\n"), 0);
        assertArrayEquals(new double[]{1, 2, 3}, good(csv, "1,2,3\r\n"), 0);
        assertArrayEquals(new double[]{1, 2, 3}, good(csv, "\uFEFF1,2,3"), 0);
    }

    @Test
    void jsonAcceptsAnArrayOfNumbers() {
        RecordCodec json = new RecordCodec(Format.JSON, 3, MAX);
        assertArrayEquals(new double[]{1.5, -2, 3e-4}, good(json, "[1.5, -2, 3e-4]"), 0);
        assertArrayEquals(new double[]{1, 2, 3}, good(json, " [1,2,3]\n"), 0);
    }

    @ParameterizedTest
    @EnumSource(value = Format.class, names = {"CSV", "JSON"})   // text formats; Avro: NamedRecordCodecTest
    void encodeThenDecodeGivesTheIdenticalVector(Format format) {
        RecordCodec codec = new RecordCodec(format, -1, MAX);
        double[] v = {Math.PI, -1e-300, 123456789.123, Double.MIN_VALUE, -0.0};
        Decoded d = codec.decode(codec.encode(v));
        assertArrayEquals(v, assertInstanceOf(Good.class, d).vector(), 0);
        assertTrue(((Good) d).provisional(), "decoded before any dimension is known");
        assertEquals(-1, codec.dimension(), "decoding alone decides nothing");
    }

    @ParameterizedTest
    @EnumSource(value = Format.class, names = {"CSV", "JSON"})   // text formats; Avro: NamedRecordCodecTest
    void encodeRefusesNonFiniteValues(Format format) {
        RecordCodec codec = new RecordCodec(format, -1, MAX);
        assertThrows(IllegalArgumentException.class, () -> codec.encode(new double[]{1, Double.NaN}));
    }

    @ParameterizedTest
    @EnumSource(value = Format.class, names = {"CSV", "JSON"})   // text formats; Avro: NamedRecordCodecTest
    void emptyNullAndBlankRecordsAreEmpty(Format format) {
        RecordCodec codec = new RecordCodec(format, 2, MAX);
        assertEquals(Reason.EMPTY, bad(codec, new byte[0]).reason());
        assertEquals(Reason.EMPTY, bad(codec, (byte[]) null).reason());
        assertEquals(Reason.EMPTY, bad(codec, " \n").reason());
    }

    @ParameterizedTest
    @EnumSource(value = Format.class, names = {"CSV", "JSON"})   // text formats; Avro: NamedRecordCodecTest
    void recordsOverTheLimitAreTooLargeWithoutBeingParsed(Format format) {
        RecordCodec codec = new RecordCodec(format, 2, 10);
        Bad b = bad(codec, "1.0,2.0,3.0,4.0");
        assertEquals(Reason.TOO_LARGE, b.reason());
        assertEquals("record of 15 bytes exceeds the limit of 10", b.message());
    }

    @ParameterizedTest
    @EnumSource(value = Format.class, names = {"CSV", "JSON"})   // text formats; Avro: NamedRecordCodecTest
    void invalidUtf8IsAnEncodingError(Format format) {
        RecordCodec codec = new RecordCodec(format, 2, MAX);
        assertEquals(Reason.ENCODING, bad(codec, new byte[]{'1', ',', (byte) 0xC3, '2'}).reason());
        assertEquals(Reason.ENCODING, bad(codec, new byte[]{(byte) 0xFF}).reason());
    }

    /**
     * Records are parsed in place by FastDoubleParser: with or without spaces and a line end, every
     * field is Double.parseDouble's double, bit for bit, also where a fast parser could round
     * differently (17+ digits, halfway cases, subnormals, the exponent range's low end). Values
     * beyond ±1e150, whose squares overflow the statistics, are refused (the last assertions).
     */
    @Test
    void plainAndSpacedRecordsGiveParseDoublesDoubles() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(16);
        java.util.List<String> fields = new java.util.ArrayList<>(java.util.List.of(
                "4.9e-324", "2.4703282292062328e-324", "2.2250738585072011e-308", "1e150",
                "9007199254740993", "9007199254740992.5", "1.00000000000000011102230246251565404236316680908203125",
                "000123.4500e+0002", "-0", "+.5", "5.", "1E-5", "123456789012345678901234567890"));
        while (fields.size() < 4000) {
            double v = Double.longBitsToDouble(rng.nextLong());
            if (Math.abs(v) <= 1e150) fields.add(Double.toString(v));
            StringBuilder digits = new StringBuilder(rng.nextBoolean() ? "-" : "");
            int n = 1 + rng.nextInt(25);
            for (int j = 0; j < n; j++) digits.append((char) ('0' + rng.nextInt(10)));
            if (rng.nextBoolean()) digits.insert(digits.length() - rng.nextInt(n), '.');
            if (rng.nextBoolean()) digits.append('e').append(rng.nextInt(600) - 330);
            if (Math.abs(Double.parseDouble(digits.toString())) <= 1e150) fields.add(digits.toString());
        }
        int d = 8;
        RecordCodec codec = new RecordCodec(Format.CSV, d, MAX);
        for (int r = 0; r + d <= fields.size(); r += d) {
            java.util.List<String> row = fields.subList(r, r + d);
            double[] plain = good(codec, String.join(",", row)), spaced = good(codec, String.join(", ", row) + "\n");
            for (int j = 0; j < d; j++) {
                long want = Double.doubleToRawLongBits(Double.parseDouble(row.get(j)));
                assertEquals(want, Double.doubleToRawLongBits(plain[j]), row.get(j));
                assertEquals(want, Double.doubleToRawLongBits(spaced[j]), row.get(j));
            }
        }
        assertEquals("field 2 is not a number: '2e'", bad(codec, "1,2e,3,4,5,6,7,8").message());
        assertEquals(Reason.NON_FINITE, bad(codec, "1,2,3e999,4,5,6,7,8").reason());
        assertEquals("field 4 is beyond ±1e150, where its square overflows: '1.7976931348623157e308'", bad(codec, "1,2,3,1.7976931348623157e308,5,6,7,8").message());
    }

    /** Valid UTF-8 beyond ASCII (a byte-order mark, a real U+FFFD) is text, never an encoding error. */
    @Test
    void validNonAsciiUtf8IsDecodedAsText() {
        RecordCodec codec = new RecordCodec(Format.CSV, 2, MAX);
        assertArrayEquals(new double[]{1.5, -2}, good(codec, "\uFEFF1.5,-2"), 0.0);
        Bad replacement = bad(codec, "1,\uFFFD");
        assertEquals(Reason.MALFORMED, replacement.reason());
        assertTrue(replacement.message().contains("field 2 is not a number"), replacement.message());
        Bad encoding = bad(codec, new byte[]{'1', ',', (byte) 0xEF, (byte) 0xBF, (byte) 0xBD, (byte) 0xC3});   // U+FFFD, then a cut sequence
        assertEquals(Reason.ENCODING, encoding.reason());
    }

    @Test
    void csvSyntaxErrorsAreMalformedAndNameTheField() {
        RecordCodec csv = new RecordCodec(Format.CSV, 3, MAX);
        assertBad(Reason.MALFORMED, "field 2 is not a number: 'abc'", bad(csv, "1,abc,3"));
        assertBad(Reason.MALFORMED, "field 3 is empty", bad(csv, "1,2,"));
        assertBad(Reason.MALFORMED, "field 1 is not a number: '0x1p3'", bad(csv, "0x1p3,1,2"));
        assertBad(Reason.MALFORMED, "more than one line", bad(csv, "1,2,3\n4,5,6"));
        assertBad(Reason.MALFORMED, "field 1 is not a number: '1\\u0000'", bad(csv, "1\u0000,2,3"));
    }

    @Test
    void quotedCsvFieldsReadAsTheirNumbers() {
        RecordCodec csv = new RecordCodec(Format.CSV, 3, MAX);
        assertArrayEquals(new double[]{1.5, -2, 300}, good(csv, "\"1.5\",\"-2\",\"3e2\""), 0.0);
        assertArrayEquals(new double[]{1.5, -2, 300}, good(csv, " \"1.5\" ,-2, \"3e2\"\r\n"), 0.0);
        assertBad(Reason.MALFORMED, "field 2 is not a number: '1,5'", bad(csv, "1,\"1,5\",3"));
        assertBad(Reason.MALFORMED, "field 3: a quote that never closes", bad(csv, "1,2,\"3"));
        assertBad(Reason.MALFORMED, "field 1: text after its closing quote", bad(csv, "\"1\"x,2,3"));
        assertBad(Reason.MALFORMED, "field 2 is empty", bad(csv, "1,\"\",3"));
    }

    @Test
    void aRecordInTheOtherFormatNamesTheLikelyCause() {
        RecordCodec csv = new RecordCodec(Format.CSV, 2, MAX), json = new RecordCodec(Format.JSON, 2, MAX);
        assertBad(Reason.MALFORMED, "field 1 is not a number: '{\"x\":1.0' (the record looks like a JSON object, but scorestream.input.format is csv)",
                bad(csv, "{\"x\":1.0,\"y\":2.0}"));
        assertBad(Reason.MALFORMED, "field 1 is not a number: '[1.0' (the record looks like JSON, but scorestream.input.format is csv)",
                bad(csv, " [1.0, 2.0]"));
        assertBad(Reason.MALFORMED, "not a JSON array of numbers: Unexpected character (',' (code 44)): Expected space separating root-level values"
                + " (the record looks like CSV, but scorestream.input.format is json)", bad(json, "1.5,2"));
        assertBad(Reason.MALFORMED, "not a JSON array (the record looks like CSV, but scorestream.input.format is json)", bad(json, "-3"));
        // Malformed in both formats, or another reason: no hint.
        assertBad(Reason.MALFORMED, "field 2 is not a number: 'abc'", bad(csv, "1,abc"));
        assertBad(Reason.MALFORMED, "element 2 is not a number: 'abc'", bad(json, "[1, \"abc\"]"));
        // A JSON object is a named record now; in a stream of number arrays it says so (issue 14).
        assertBad(Reason.MALFORMED, "a JSON object where the stream's records are arrays of 2 numbers", bad(json, "{\"x\": 1}"));
        assertBad(Reason.NON_FINITE, "field 1 is not finite: 'NaN'", bad(csv, "NaN,1"));
    }

    @Test
    void jsonSyntaxErrorsAreMalformed() {
        RecordCodec json = new RecordCodec(Format.JSON, 2, MAX);
        assertBad(Reason.MALFORMED, "element 2 is not a number: 'abc'", bad(json, "[1, \"abc\"]"));
        assertBad(Reason.MALFORMED, "element 1 is not a number: a nested array", bad(json, "[[1], 2]"));
        assertBad(Reason.MALFORMED, "element 2 is not a number: null", bad(json, "[1, null]"));
        assertBad(Reason.MALFORMED, "a JSON object where the stream's records are arrays of 2 numbers", bad(json, "{\"x\": 1}"));
        assertBad(Reason.MALFORMED, "text after the closing ']'", bad(json, "[1,2] [3]"));
        assertBad(Reason.MALFORMED, "empty array", bad(json, "[]"));
        assertEquals(Reason.MALFORMED, bad(json, "[1, 2").reason());
        assertEquals(Reason.MALFORMED, bad(json, "1,2").reason());
        assertEquals(Reason.MALFORMED, bad(json, "[1,,2]").reason());
    }

    @ParameterizedTest
    @EnumSource(value = Format.class, names = {"CSV", "JSON"})   // text formats; Avro: NamedRecordCodecTest
    void wrongDimensionSaysWhatWasExpected(Format format) {
        RecordCodec codec = new RecordCodec(format, 3, MAX);
        assertBad(Reason.WRONG_DIMENSION, "expected 3 values, found 2", bad(codec, codec.encode(new double[]{1, 2})));
    }

    @ParameterizedTest
    @EnumSource(value = Format.class, names = {"CSV", "JSON"})   // text formats; Avro: NamedRecordCodecTest
    void aLearnedDimensionAcceptsAnyLengthProvisionallyUntilItIsDecided(Format format) {
        RecordCodec codec = new RecordCodec(format, -1, MAX);
        assertEquals(-1, codec.dimension());
        assertEquals(-1, codec.configuredDimension());
        // A bad record is still bad; parsed vectors of any length are provisional, and decide nothing.
        assertEquals(Reason.NON_FINITE, bad(codec, format == Format.CSV ? "1,NaN" : "[1, NaN]").reason());
        Good three = assertInstanceOf(Good.class, codec.decode(codec.encode(new double[]{1, 2, 3})));
        Good two = assertInstanceOf(Good.class, codec.decode(codec.encode(new double[]{1, 2})));
        assertTrue(three.provisional() && two.provisional());
        assertEquals(-1, codec.dimension(), "the first good record no longer fixes the dimension");
        // A vote decides; a later vote changes nothing.
        assertEquals(2, codec.learn(2));
        assertEquals(2, codec.learn(3));
        assertEquals(2, codec.dimension());
        assertBad(Reason.WRONG_DIMENSION, "expected 2 values, found 3", bad(codec, codec.encode(new double[]{1, 2, 3})));
        assertFalse(assertInstanceOf(Good.class, codec.decode(codec.encode(new double[]{4, 5}))).provisional());
    }

    @Test
    void thePartitionersDimensionReplacesALearnedOne() {
        RecordCodec codec = new RecordCodec(Format.CSV, -1, MAX);
        codec.learn(3);
        codec.adopt(2);
        assertEquals(2, codec.dimension());
        assertBad(Reason.WRONG_DIMENSION, "expected 2 values, found 3", bad(codec, "1,2,3"));
        assertArrayEquals(new double[]{1, 2}, good(codec, "1,2"), 0);
        IngestStream.adoptDimension(codec, -1);   // the partitioner does not know one yet: nothing changes
        assertEquals(2, codec.dimension());
        IngestStream.adoptDimension(codec, 4);
        assertEquals(4, codec.dimension());
    }

    @Test
    void aPinnedDimensionIsNeitherLearnedNorAdoptedAway() {
        RecordCodec codec = new RecordCodec(Format.CSV, 3, MAX);
        assertEquals(3, codec.configuredDimension());
        assertEquals(3, codec.learn(2));
        codec.adopt(3);
        assertThrows(IllegalStateException.class, () -> codec.adopt(2));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> IngestStream.adoptDimension(codec, 2));
        assertEquals("scorestream.input.dimension = 3 but the stream's model has dimension 2 (from its snapshot or the first records it accepted): "
                + "fix the setting or clear the state", e.getMessage());
        assertEquals(3, codec.dimension());
        assertBad(Reason.WRONG_DIMENSION, "expected 3 values, found 2", bad(codec, "1,2"));
    }

    @Test
    void nonFiniteValuesAreReportedAsSuch() {
        RecordCodec csv = new RecordCodec(Format.CSV, 2, MAX);
        assertBad(Reason.NON_FINITE, "field 2 is not finite: 'NaN'", bad(csv, "1,NaN"));
        assertBad(Reason.NON_FINITE, "field 1 is not finite: '-inf'", bad(csv, "-inf,1"));
        assertBad(Reason.NON_FINITE, "field 2 is not finite: '1e999'", bad(csv, "1,1e999"));
        // Finite, but its square overflows: the model's moments would be infinite.
        assertBad(Reason.NON_FINITE, "field 2 is beyond ±1e150, where its square overflows: '-2e300'", bad(csv, "1,-2e300"));
        RecordCodec json = new RecordCodec(Format.JSON, 2, MAX);
        assertEquals(Reason.NON_FINITE, bad(json, "[NaN, 1]").reason());
        assertEquals(Reason.NON_FINITE, bad(json, "[1, -Infinity]").reason());
        assertBad(Reason.NON_FINITE, "element 2 is not finite: '1e999'", bad(json, "[1, 1e999]"));
        assertBad(Reason.NON_FINITE, "element 2 is beyond ±1e150, where its square overflows: '1e151'", bad(json, "[1, 1e151]"));
    }

    @Test
    void headerValuesAreLowerCaseWithDashes() {
        assertEquals("wrong-dimension", Reason.WRONG_DIMENSION.headerValue());
        assertEquals("too-large", Reason.TOO_LARGE.headerValue());
        assertEquals("non-finite", Reason.NON_FINITE.headerValue());
        assertEquals("empty", Reason.EMPTY.headerValue());
    }

    @Test
    void constructorRejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new RecordCodec(Format.CSV, 0, MAX));
        assertThrows(IllegalArgumentException.class, () -> new RecordCodec(Format.CSV, -2, MAX));
        assertThrows(IllegalArgumentException.class, () -> new RecordCodec(Format.CSV, 2, 0));
    }

    /**
     * Random bytes, and random strings over the characters the parsers care about (so that
     * many are nearly valid): decode never throws, every Good is finite and of the right
     * dimension, every Bad has a one-line message.
     */
    @ParameterizedTest
    @EnumSource(value = Format.class, names = {"CSV", "JSON"})   // text formats; Avro: NamedRecordCodecTest
    void garbageNeverThrowsAndNeverYieldsABadVector(Format format) {
        String alphabet = "0123456789012345678901234567890123456789.,,,,-+eE  [[]]\n\"nNaIf\u00e9\t";
        Random random = new Random(20240611L + format.ordinal());
        RecordCodec fixed = new RecordCodec(format, 2, 64);
        int goods = 0;
        for (int i = 0; i < 5000; i++) {
            byte[] value;
            if (i % 3 == 0) {
                value = new byte[random.nextInt(80)];
                random.nextBytes(value);
            } else if (i % 3 == 1) {
                StringBuilder s = new StringBuilder();
                int length = random.nextInt(16);
                for (int k = 0; k < length; k++) s.append(alphabet.charAt(random.nextInt(alphabet.length())));
                value = utf8(s.toString());
            } else { // a valid record with a few characters replaced
                double[] v = random.doubles(1 + random.nextInt(3), -1e3, 1e3).toArray();
                StringBuilder s = new StringBuilder(new String(fixed.encode(v), StandardCharsets.UTF_8));
                int edits = random.nextInt(3);
                for (int k = 0; k < edits; k++)
                    s.setCharAt(random.nextInt(s.length()), alphabet.charAt(random.nextInt(alphabet.length())));
                value = utf8(s.toString());
            }
            RecordCodec learning = new RecordCodec(format, -1, 64);
            for (RecordCodec codec : new RecordCodec[]{fixed, learning}) {
                Decoded d = assertDoesNotThrow(() -> codec.decode(value));
                if (d instanceof Good g) {
                    goods++;
                    assertEquals(codec == learning, g.provisional(), "provisional exactly while the dimension is unknown");
                    if (!g.provisional()) assertEquals(codec.dimension(), g.vector().length);
                    assertTrue(g.vector().length > 0);
                    for (double x : g.vector()) assertTrue(Double.isFinite(x), () -> java.util.Arrays.toString(g.vector()));
                } else {
                    Bad b = (Bad) d;
                    assertNotNull(b.reason());
                    assertFalse(b.message().isBlank());
                    assertEquals(1, b.message().lines().count(), b.message());
                }
            }
        }
        assertTrue(goods > 0, "the fuzz should reach the good path too");
    }

    private static void assertBad(Reason reason, String message, Bad actual) {
        assertEquals(reason, actual.reason(), actual.message());
        assertEquals(message, actual.message());
    }

    /**
     * Telegraf's default sends every measurement to one topic: without scorestream.input.measurement
     * a point of another measurement, whose fields are not the stream's, names its measurement and
     * the setting; with it set, such a point is other-measurement, and a good point is learned.
     */
    @Test
    void aLineProtocolPointOfOtherFieldsNamesItsMeasurementAndTheSetting() {
        RecordCodec any = RecordCodec.lineProtocol(2, MAX, java.util.List.of("usage_user", "usage_system"), java.util.Map.of());
        assertArrayEquals(new double[]{20.5, 5.0}, good(any, "cpu,host=gw0 usage_user=20.5,usage_system=5.0 1700000000000000000"), 0);
        Bad mem = bad(any, "mem,host=gw0 used_percent=61.5,available=1500i 1700000000000000000");
        assertEquals(Reason.MISSING_FIELD, mem.reason());
        assertTrue(mem.message().endsWith("(a point of measurement mem; on a topic of several measurements scorestream.input.measurement names the one to learn)"), mem.message());
        Bad word = bad(any, "cpu,host=gw0 usage_user=busy,usage_system=5.0");
        assertEquals(Reason.MALFORMED, word.reason(), "a point that is no point says so, with no word of measurements");
        assertFalse(word.message().contains("scorestream.input.measurement"), word.message());
        RecordCodec cpu = RecordCodec.lineProtocol(2, MAX, java.util.List.of("usage_user", "usage_system"), java.util.Map.of(), "cpu");
        assertEquals(Reason.OTHER_MEASUREMENT, bad(cpu, "mem,host=gw0 used_percent=61.5,available=1500i").reason());
        assertArrayEquals(new double[]{20.5, 5.0}, good(cpu, "cpu,host=gw0 usage_user=20.5,usage_system=5.0"), 0);
    }
}
