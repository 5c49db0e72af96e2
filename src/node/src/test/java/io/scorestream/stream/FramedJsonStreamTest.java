package io.scorestream.stream;

import io.scorestream.data.Datasets;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * JSON records as Confluent's JSON Schema serializer frames them (a zero byte, the registry's
 * 4-byte schema id, the JSON text), through a real broker: learned like unframed ones, which may
 * share the topic; a frame around something that is no JSON is a dead letter like any bad text.
 */
class FramedJsonStreamTest {
    @TempDir Path dir;

    private static byte[] framed(int id, String json) {
        byte[] text = json.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(5 + text.length).put((byte) 0).putInt(id).put(text).array();
    }

    @Test
    void recordsFramedForTheSchemaRegistryAreLearnedOnce() throws Exception {
        StreamHarness h = new StreamHarness("json-framed", 1, dir.resolve("snap"));
        DMatrixRMaj rows = Datasets.generate("gmm", 3000, 4).samples();
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < rows.numRows; i++) {
            String json = String.format(Locale.ROOT, "{\"device\": \"d%d\", \"x\": %s, \"y\": %s}", i % 7, rows.get(i, 0), rows.get(i, 1));
            // Most framed, every tenth not, one pretty-printed: a topic in the middle of a move to the serializer.
            records.add(i % 10 == 0 ? json.getBytes(StandardCharsets.UTF_8) : framed(12, i == 5 ? "\n  " + json : json));
        }
        Map<Integer, String> bad = new HashMap<>();
        records.add(800, framed(12, "x=1.5,y=2"));
        bad.put(800, "malformed:");
        records.add(1600, framed(12, "{\"device\": \"d1\", \"x\": \"warm\", \"y\": 2}"));
        bad.put(1600, "non-numeric:field x is not a number");
        Map<String, Object> settings = new HashMap<>(StreamHarness.PLAN_ON_A_RESERVOIR);
        settings.put("scorestream.input.format", "json");
        // The device, text that repeats, is learned as labels from the framed records as from the others.
        assertEquals(List.of("device", "x", "y"), NamedRecordsTest.assertLearnedOnceAndDeadLettered(h, settings, records, 3000, bad));
    }

    @Test
    void onlyAZeroByteFollowedByJsonIsAFrame() {
        byte[] json = "{\"x\": 1}".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(json, RecordCodec.withoutRegistryHeader(framed(3, "{\"x\": 1}")));
        byte[] notJson = framed(3, "x=1");
        assertSame(notJson, RecordCodec.withoutRegistryHeader(notJson), "a frame around no JSON is left for the parser to refuse");
        assertSame(json, RecordCodec.withoutRegistryHeader(json));
        byte[] shortOne = {0, 0, 0, 0, 1};
        assertSame(shortOne, RecordCodec.withoutRegistryHeader(shortOne));
    }
}
