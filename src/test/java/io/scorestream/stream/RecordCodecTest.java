package io.scorestream.stream;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class RecordCodecTest {
    static RecordCodec.Decoded csv(String s) { return new RecordCodec(RecordCodec.Format.CSV, 2, 1000).decode(s.getBytes(StandardCharsets.UTF_8)); }
    static RecordCodec.Reason reason(RecordCodec.Decoded d) { return assertInstanceOf(RecordCodec.Bad.class, d).reason(); }

    @Test
    void decodesCsvAndJson() {
        assertArrayEquals(new double[]{1.5, -2e-3}, ((RecordCodec.Good) csv(" 1.5 , -2e-3\n")).vector());
        RecordCodec json = new RecordCodec(RecordCodec.Format.JSON, 3, 1000);
        assertArrayEquals(new double[]{1, 2.5, -3}, ((RecordCodec.Good) json.decode("[1, 2.5, -3]".getBytes())).vector());
        assertArrayEquals(new double[]{0.1, 7}, ((RecordCodec.Good) new RecordCodec(RecordCodec.Format.JSON, 2, 100)
                .decode(new RecordCodec(RecordCodec.Format.JSON, 2, 100).encode(new double[]{0.1, 7}))).vector());
    }

    @Test
    void everyBadRecordHasItsReason() {
        assertEquals(RecordCodec.Reason.EMPTY, reason(csv("")));
        assertEquals(RecordCodec.Reason.EMPTY, reason(csv("  \n")));
        assertEquals(RecordCodec.Reason.MALFORMED, reason(csv("1,abc")));
        assertEquals(RecordCodec.Reason.MALFORMED, reason(csv("1,0x1p3")));
        assertEquals(RecordCodec.Reason.MALFORMED, reason(csv("1,2d")));
        assertEquals(RecordCodec.Reason.WRONG_DIMENSION, reason(csv("1,2,3")));
        assertEquals(RecordCodec.Reason.NON_FINITE, reason(csv("NaN,1")));
        assertEquals(RecordCodec.Reason.NON_FINITE, reason(csv("1,1e999")));
        assertEquals(RecordCodec.Reason.TOO_LARGE, reason(csv("1," + "9".repeat(2000))));
        assertEquals(RecordCodec.Reason.ENCODING, reason(new RecordCodec(RecordCodec.Format.CSV, 2, 100).decode(new byte[]{(byte) 0xff, '1'})));
        RecordCodec json = new RecordCodec(RecordCodec.Format.JSON, 2, 100);
        assertEquals(RecordCodec.Reason.MALFORMED, reason(json.decode("{\"a\":1}".getBytes())));
        assertEquals(RecordCodec.Reason.MALFORMED, reason(json.decode("[1, \"x\"]".getBytes())));
        assertEquals(RecordCodec.Reason.MALFORMED, reason(json.decode("[1, 2".getBytes())));
        assertEquals(RecordCodec.Reason.NON_FINITE, reason(json.decode("[1, NaN]".getBytes())));
        assertEquals("wrong-dimension", RecordCodec.Reason.WRONG_DIMENSION.header());
    }

    @Test
    void learnsTheDimensionFromTheFirstGoodRecord() {
        RecordCodec c = new RecordCodec(RecordCodec.Format.CSV, -1, 100);
        assertEquals(RecordCodec.Reason.MALFORMED, reason(c.decode("x".getBytes())));
        assertInstanceOf(RecordCodec.Good.class, c.decode("1,2,3".getBytes()));
        assertEquals(RecordCodec.Reason.WRONG_DIMENSION, reason(c.decode("1,2".getBytes())));
    }

    @Test
    void randomBytesNeverThrowAndNeverYieldABadVector() {
        RecordCodec csv = new RecordCodec(RecordCodec.Format.CSV, 2, 64), json = new RecordCodec(RecordCodec.Format.JSON, 2, 64);
        Random rng = new Random(11);
        String alphabet = "0123456789.,-+eE []NaIfinty\n\u00e9";
        for (int i = 0; i < 5000; i++) {
            byte[] b;
            if (i % 2 == 0) {
                b = new byte[rng.nextInt(70)];
                rng.nextBytes(b);
            } else {
                StringBuilder sb = new StringBuilder();
                for (int k = rng.nextInt(20); k > 0; k--) sb.append(alphabet.charAt(rng.nextInt(alphabet.length())));
                b = sb.toString().getBytes(StandardCharsets.UTF_8);
            }
            for (RecordCodec c : new RecordCodec[]{csv, json}) {
                RecordCodec.Decoded d = c.decode(b);
                if (d instanceof RecordCodec.Good g) {
                    assertEquals(2, g.vector().length);
                    for (double v : g.vector()) assertTrue(Double.isFinite(v));
                } else {
                    assertFalse(((RecordCodec.Bad) d).message().isBlank());
                }
            }
        }
    }
}
