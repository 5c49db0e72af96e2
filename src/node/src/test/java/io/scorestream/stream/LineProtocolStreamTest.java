package io.scorestream.stream;

import io.scorestream.io.RecordSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A topic that Telegraf's Kafka output writes (InfluxDB line protocol, its default data format),
 * through a real broker with scorestream.input.format = influx: every point learned once as the
 * object of its tags and fields (the site tag learned as labels on the warm-up, the humidity an
 * integer column), and a line that is no point a malformed dead letter saying where.
 */
class LineProtocolStreamTest {
    @TempDir Path dir;

    @Test
    void telegrafsPointsAreLearnedOnceAndTheRestDeadLettered() throws Exception {
        StreamHarness h = new StreamHarness("influx", 1, dir.resolve("snap"));
        Random rng = new Random(9);
        String[] sites = {"hall\\ 3", "roof", "yard"};
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            int s = rng.nextInt(3);
            records.add(String.format(Locale.ROOT, "weather,site=%s temp=%.3f,humidity=%di %d", sites[s], 10 + 5 * s + rng.nextGaussian(),
                    40 + 10 * s + rng.nextInt(10), 1_700_000_000_000_000_000L + i * 1_000_000_000L).getBytes(StandardCharsets.UTF_8));
        }
        Map<Integer, String> bad = new HashMap<>();
        records.add(700, "weather,site=roof temp=warm,humidity=40i".getBytes(StandardCharsets.UTF_8));
        bad.put(700, "malformed:line protocol: field temp is no number, boolean or quoted string: 'warm'");
        records.add(1500, "weather,site=roof temp=1.5\nweather,site=roof temp=2.5".getBytes(StandardCharsets.UTF_8));
        bad.put(1500, "malformed:2 points in one record");
        records.add(2200, "{\"temp\": 1.5}".getBytes(StandardCharsets.UTF_8));
        bad.put(2200, "malformed:line protocol: a JSON text, not a point");
        Map<String, Object> settings = new HashMap<>(StreamHarness.PLAN_ON_A_RESERVOIR);
        settings.put("scorestream.input.format", "influx");
        List<String> columns = NamedRecordsTest.assertLearnedOnceAndDeadLettered(h, settings, records, 3000, bad);
        assertEquals(List.of("site", "temp", "humidity"), columns);
        RecordSchema schema = h.latest.get().model().recordSchema();
        assertEquals(List.of("hall 3", "roof", "yard"), schema.labelsOf(0), "the site tag, learned from the warm-up as labels");
        assertTrue(h.latest.get().model().columns().describe(2).contains("step 1.0"), "humidity in whole percent: " + h.latest.get().model().columns().describe(2));
    }
}
