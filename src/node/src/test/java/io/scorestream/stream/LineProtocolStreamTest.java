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

    /**
     * Telegraf's Kafka output sends every measurement to one topic by default. With
     * scorestream.input.measurement the chosen one's points are learned, each once, and every point
     * of another is an other-measurement dead letter naming both (they were fields-changed ones, or
     * the first records' measurement won the columns).
     */
    @Test
    void aTopicOfSeveralMeasurementsLearnsTheOneSetAndDeadLettersTheOthersPoints() throws Exception {
        StreamHarness h = new StreamHarness("influx-mixed", 1, dir.resolve("snap"));
        Random rng = new Random(5);
        List<byte[]> records = new ArrayList<>();
        Map<Integer, String> bad = new HashMap<>();
        int cpu = 0;
        for (int i = 0; cpu < 2500; i++) {
            long time = 1_700_000_000_000_000_000L + i * 1_000_000_000L;
            if (i % 4 == 1) {   // mem first in the topic: it would have set the columns
                records.add(String.format(Locale.ROOT, "mem,host=gw%d used_percent=%.2f,available=%di %d", i % 2, 60 + 3 * rng.nextGaussian(),
                        1000 + rng.nextInt(1000), time).getBytes(StandardCharsets.UTF_8));
                bad.put(records.size() - 1, "other-measurement:a point of measurement mem; this stream learns cpu's (scorestream.input.measurement)");
            } else {
                records.add(String.format(Locale.ROOT, "cpu,host=gw%d usage_user=%.3f,usage_system=%.3f %d", i % 2, 20 + 5 * rng.nextGaussian(),
                        5 + rng.nextGaussian(), time).getBytes(StandardCharsets.UTF_8));
                cpu++;
            }
        }
        records.add(0, "mem,host=gw0 used_percent=61.5,available=1500i".getBytes(StandardCharsets.UTF_8));   // the very first record is another's
        Map<Integer, String> shifted = new HashMap<>();
        bad.forEach((at, why) -> shifted.put(at + 1, why));
        shifted.put(0, "other-measurement:a point of measurement mem");
        // Garbage among them: no point at all, and a point of the measurement learned with a field that is no number.
        records.add(900, "{\"usage_user\": 20.5}".getBytes(StandardCharsets.UTF_8));
        records.add(1800, "cpu,host=gw0 usage_user=busy,usage_system=5.0".getBytes(StandardCharsets.UTF_8));
        Map<Integer, String> withGarbage = new HashMap<>();
        shifted.forEach((at, why) -> withGarbage.put(at < 900 ? at : at < 1799 ? at + 1 : at + 2, why));
        withGarbage.put(900, "malformed:line protocol: a JSON text, not a point");
        withGarbage.put(1800, "malformed:line protocol: field usage_user is no number, boolean or quoted string: 'busy'");
        Map<String, Object> settings = new HashMap<>(StreamHarness.PLAN_ON_A_RESERVOIR);
        settings.put("scorestream.input.format", "influx");
        settings.put("scorestream.input.measurement", "cpu");
        List<String> columns = NamedRecordsTest.assertLearnedOnceAndDeadLettered(h, settings, records, 2500, withGarbage);
        assertEquals(List.of("host", "usage_user", "usage_system"), columns);
    }
}
