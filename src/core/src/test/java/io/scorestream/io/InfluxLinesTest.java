package io.scorestream.io;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** InfluxDB line protocol points read as the JSON objects of their tags and fields, escapes and types as the protocol has them. */
class InfluxLinesTest {
    @Test
    void aPointIsTheObjectOfItsTagsAndFields() {
        assertEquals("{\"site\":\"hall 3\",\"host\":\"gw,1\",\"temp\":21.5,\"count\":3,\"bytes\":18446744073,\"ok\":true,\"note\":\"dry, \\\"mild\\\"\"}",
                InfluxLines.toJson("weather,site=hall\\ 3,host=gw\\,1 temp=21.5,count=3i,bytes=18446744073u,ok=T,note=\"dry, \\\"mild\\\"\" 1465839830100400200"));
        assertEquals("{\"temp\":-0.001,\"ok\":false}", InfluxLines.toJson("my\\ weather temp=-1e-3,ok=false"), "no tags, no time stamp");
        assertEquals("{\"a=b\":1.0}", InfluxLines.toJson("m a\\=b=1"), "an escaped '=' in a key");
        // Read as such an object by the JSON reader: the numbers are the columns by default.
        String point = "cpu,host=a usage_idle=97.5,usage_user=1.25 1700000000000000000";
        assertEquals(List.of("usage_idle", "usage_user"), JsonRecords.numericFields(InfluxLines.toJson(point)));
        assertTrue(InfluxLines.isComment("# DML"));
        assertTrue(InfluxLines.isComment("   "));
        assertFalse(InfluxLines.isComment("cpu usage=1"));
    }

    @Test
    void aLineOfAnotherShapeIsMalformedSayingWhere() {
        String[][] bad = {
                {"weather", "no fields after the measurement and tags"},
                {"weather,site temp=1", "a tag without a key=value"},
                {"weather temp=warm", "field temp is no number, boolean or quoted string: 'warm'"},
                {"weather temp=\"dry", "field temp: a string that never closes"},
                {"weather temp=1.5 noon", "text after the fields that is no time stamp: 'noon'"},
                {"weather temp=NaN", "field temp is no number"},
                {"weather temp=1x", "field temp is no number"},
                {",site=a temp=1", "no measurement before the fields"},
                {"weather temp=", "field temp without a value"},
                {"weather temp=1\nweather temp=2", "2 points in one record; one point a record is read"},
                {"{\"temp\": 1.5}", "a JSON text, not a point"}};
        for (String[] b : bad) {
            RecordProblem p = assertThrows(RecordProblem.class, () -> InfluxLines.toJson(b[0]), b[0]);
            assertEquals(RecordProblem.Kind.MALFORMED, p.kind());
            assertTrue(p.getMessage().startsWith("line protocol: ") && p.getMessage().contains(b[1]), p.getMessage());
        }
    }

    @Test
    void aPointsMeasurementIsItsUnescapedName() {
        assertEquals("hall weather", InfluxLines.measurement("  hall\\ weather,site=roof temp=1.5 1465839830100400200"));
        assertEquals("cpu", InfluxLines.measurement("cpu usage_user=20.5"));
        assertEquals("a,b", InfluxLines.measurement("a\\,b,host=gw1 x=1"));
        assertNull(InfluxLines.measurement("# cpu usage_user=20.5"));
        assertNull(InfluxLines.measurement("   "));
    }
}
