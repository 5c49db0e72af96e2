package io.scorestream.reliability;

import io.scorestream.cli.Main;
import io.scorestream.data.Datasets;
import io.scorestream.learn.LearnerState;
import io.scorestream.learn.SnapshotStore;
import io.scorestream.stream.DeadLetters;
import io.scorestream.stream.ModelAssembler;
import io.scorestream.node.ScoreStreamService;
import io.scorestream.testing.SharedKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Bad-input fuzz: thousands of generated malformed records interleaved with good ones, on the
 * topic, in CSV files given to the CLI, and as /samples query strings. Nothing crashes, every bad
 * record is dead-lettered (or rejected) with its reason, every good one is absorbed once.
 */
class BadInputFuzzTest {
    static final int GOOD = 5000, MAX_RECORD_BYTES = 4096, MAX_SAMPLES = 1000;
    @TempDir Path dir;

    /** A category of malformed record: how many, the reason it must be dead-lettered with, how to make one. */
    record Category(String name, int count, String reason, Function<Random, byte[]> make) {}

    static String number(Random r) {
        return String.valueOf((r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(7) - 3));
    }

    static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    static List<Category> categories() {
        List<Category> c = new ArrayList<>();
        c.add(new Category("random bytes", 700, "encoding", r -> {
            byte[] b = new byte[1 + r.nextInt(60)];
            r.nextBytes(b);
            b[0] = (byte) 0xff;   // never valid UTF-8
            return b;
        }));
        c.add(new Category("invalid UTF-8 inside a record", 400, "encoding", r -> {
            byte[] head = utf8(number(r) + ",");
            byte[][] bad = {{(byte) 0xc3, 0x28}, {(byte) 0xe2, (byte) 0x82}, {(byte) 0x80}, {(byte) 0xf0, (byte) 0x28, (byte) 0x8c, (byte) 0xbc}, {(byte) 0xc0, (byte) 0xaf}};
            byte[] tail = bad[r.nextInt(bad.length)];
            byte[] out = new byte[head.length + tail.length];
            System.arraycopy(head, 0, out, 0, head.length);
            System.arraycopy(tail, 0, out, head.length, tail.length);
            return out;
        }));
        c.add(new Category("wrong encoding (UTF-16)", 300, "encoding",
                r -> (number(r) + "," + number(r)).getBytes(StandardCharsets.UTF_16)));
        c.add(new Category("truncated numbers", 800, "malformed", r -> {
            String x = number(r);
            String[] cut = {x + ",", x + ",-", x + ",1.5e", x + ",2e-", x + ",+", x + ",.", x + ",1.2.", "," + x, x + ",,", "-," + x};
            return utf8(cut[r.nextInt(cut.length)]);
        }));
        c.add(new Category("wrong dimension", 600, "wrong-dimension", r -> {
            int d = new int[]{1, 3, 4, 10}[r.nextInt(4)];
            StringBuilder sb = new StringBuilder(number(r));
            for (int i = 1; i < d; i++) sb.append(',').append(number(r));
            return utf8(sb.toString());
        }));
        c.add(new Category("NaN/Inf", 600, "non-finite", r -> {
            String[] bad = {"NaN", "-nan", "Infinity", "-Infinity", "inf", "+INF", "1e999", "-4e400"};
            String v = bad[r.nextInt(bad.length)];
            return utf8(r.nextBoolean() ? v + "," + number(r) : number(r) + "," + v);
        }));
        c.add(new Category("very long lines", 200, "too-large", r -> {
            StringBuilder sb = new StringBuilder(number(r)).append(',');
            while (sb.length() <= MAX_RECORD_BYTES) sb.append(r.nextInt(10));
            return utf8(sb.toString());
        }));
        c.add(new Category("empty", 400, "empty", r -> switch (r.nextInt(5)) {
            case 0 -> new byte[0];
            case 1 -> null;   // a tombstone
            case 2 -> utf8(" ");
            case 3 -> utf8("\t \n");
            default -> utf8("\n");
        }));
        c.add(new Category("JSON garbage", 600, "malformed", r -> {
            String[] json = {"[1.0, 2.0]", "{\"x\": 1, \"y\": 2}", "null", "\"1,2\"", "[[1,2]]", "{", "true", "[1, \"a\"]"};
            return utf8(json[r.nextInt(json.length)]);
        }));
        c.add(new Category("text garbage", 300, "malformed", r -> {
            String alphabet = "abcdfghjklmopqrstuvwxyz;:!?*/ =_";
            StringBuilder sb = new StringBuilder("q");
            for (int i = r.nextInt(30); i > 0; i--) sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
            return utf8(sb.toString());
        }));
        c.add(new Category("several lines in one record", 100, "malformed",
                r -> utf8(number(r) + "," + number(r) + "\n" + number(r) + "," + number(r))));
        return c;
    }

    @Test
    void malformedRecordsOnTheTopicAreDeadLetteredByReasonAndGoodOnesAbsorbedOnce() throws Exception {
        Random rng = new Random(2026);
        List<byte[]> records = new ArrayList<>(Harness.csv(Datasets.generate("gmm", GOOD, 1).samples()));
        Map<String, Long> expected = new TreeMap<>();
        int bad = 0;
        for (Category c : categories()) {
            for (int i = 0; i < c.count(); i++) records.add(c.make().apply(rng));
            expected.merge(c.reason(), (long) c.count(), Long::sum);
            bad += c.count();
        }
        Collections.shuffle(records, rng);
        Harness h = new Harness(SharedKafka.broker(), "fuzz", 2, dir.resolve("snap"));
        List<byte[]> noKeys = null;
        Harness.produce(Map.of("bootstrap.servers", SharedKafka.bootstrapServers(), "max.request.size", 1 << 20), h.samples, noKeys, records);

        long started = System.nanoTime();
        Map<String, Object> config = Map.of("scorestream.input.dimension", 2, "scorestream.input.max-record-bytes", MAX_RECORD_BYTES,
                "scorestream.http.max-samples", MAX_SAMPLES);
        ModelAssembler.ModelUpdated end;
        try (ScoreStreamService service = h.start(config)) {
            service.awaitConsumed(records.size(), Harness.WAIT);
            service.drain(Harness.WAIT);
            h.awaitAbsorbed(GOOD, Harness.WAIT);
            end = h.latest.get();
            double seconds = (System.nanoTime() - started) / 1e9;
            assertEquals(GOOD, end.absorbed(), "every good record once");
            assertEquals(bad, end.deadLettered(), "every bad record dead-lettered");
            assertEquals(expected, new TreeMap<>(end.deadLetteredByReason()), "counts by reason");
            System.out.printf("fuzz topic: %d records (%d good, %d bad) in %.1f s; absorbed %d, dead-lettered %d, by reason %s%n",
                    records.size(), GOOD, bad, seconds, end.absorbed(), end.deadLettered(), end.deadLetteredByReason());
            fuzzHttp(service.healthPort(), new Random(11));
        }
        // The dead-letter topic holds each bad record once, with its reason and source.
        List<ConsumerRecord<byte[], byte[]>> dead = Harness.readAll(Map.of("bootstrap.servers", SharedKafka.bootstrapServers()), h.deadLetters);
        assertEquals(bad, dead.size());
        Map<String, Long> headers = new TreeMap<>();
        java.util.Set<String> sources = new java.util.HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : dead) {
            headers.merge(new String(r.headers().lastHeader(DeadLetters.REASON_HEADER).value(), StandardCharsets.UTF_8), 1L, Long::sum);
            assertTrue(sources.add(new String(r.headers().lastHeader(DeadLetters.SOURCE_HEADER).value(), StandardCharsets.UTF_8)), "each source offset once");
        }
        assertEquals(expected, headers);
        LearnerState state = new SnapshotStore(h.snapshots, w -> fail(w)).loadLatest().orElseThrow();
        assertEquals(GOOD, state.absorbed());
        Harness.assertRowsEverywhere(state, GOOD);
        assertEquals(expected, new TreeMap<>(state.deadLetteredByReason()));
    }

    /**
     * The default, {@code input.dimension = -1}: the topic starts with 3 records of 3 values (at the
     * head of both partitions), then
     * 4 000 good 2-value records shuffled with about 1 % wrong-dimension ones and some of every
     * other bad category. The dimension is the vote's (2), not the first record's (3): the 3 cost 3
     * dead letters, and every good record is absorbed once.
     */
    @Test
    void aLearnedDimensionIsTheMajorityOfTheFirstRecordsNotTheFirstRecord() throws Exception {
        final int good = 4000, wrongDimension = 40, eachOther = 8;
        Random rng = new Random(303);
        List<byte[]> head = new ArrayList<>();
        for (int i = 0; i < 3; i++) head.add(utf8(number(rng) + "," + number(rng) + "," + number(rng)));
        List<byte[]> rest = new ArrayList<>(Harness.csv(Datasets.generate("gmm", good, 5).samples()));
        Map<String, Long> expected = new TreeMap<>(Map.of("wrong-dimension", (long) head.size()));
        int bad = head.size();
        for (Category c : categories()) {
            int n = c.reason().equals("wrong-dimension") ? wrongDimension : eachOther;
            for (int i = 0; i < n; i++) rest.add(c.make().apply(rng));
            expected.merge(c.reason(), (long) n, Long::sum);
            bad += n;
        }
        Collections.shuffle(rest, rng);
        Harness h = new Harness(SharedKafka.broker(), "autodim", 2, dir.resolve("snap"));
        Map<String, Object> client = Map.of("bootstrap.servers", SharedKafka.bootstrapServers(), "max.request.size", 1 << 20);
        SharedKafka.produceRoundRobin(h.samples, head, 2, 0);   // first in both partitions, whatever order the node reads them in
        Harness.produce(client, h.samples, null, rest);
        int total = head.size() + rest.size();

        long started = System.nanoTime();
        Map<String, Object> config = Map.of("scorestream.input.dimension", -1, "scorestream.input.max-record-bytes", MAX_RECORD_BYTES);
        try (ScoreStreamService service = h.start(config)) {
            io.scorestream.stream.Partitioner.Progress p = service.awaitConsumed(total, Harness.WAIT);
            double seconds = (System.nanoTime() - started) / 1e9;
            assertEquals(good, p.absorbed(), "every good 2-value record, once (the first record must not fix the dimension)");
            assertEquals(bad, p.deadLettered(), "everything else");
            assertEquals(expected, new TreeMap<>(p.deadLetteredByReason()), "counts by reason");
            service.drain(Harness.WAIT);
            h.awaitAbsorbed(good, Harness.WAIT);
            assertEquals(2, h.latest.get().model().dimension());
            System.out.printf("fuzz auto-dimension: %d records (3 of 3 values first, %d good of 2, %d bad) in %.1f s; absorbed %d, dead-lettered %d, by reason %s%n",
                    total, good, bad - head.size(), seconds, p.absorbed(), p.deadLettered(), p.deadLetteredByReason());
        }
        List<ConsumerRecord<byte[], byte[]>> dead = Harness.readAll(Map.of("bootstrap.servers", SharedKafka.bootstrapServers()), h.deadLetters);
        assertEquals(bad, dead.size());
        Map<String, Long> headers = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : dead)
            headers.merge(new String(r.headers().lastHeader(DeadLetters.REASON_HEADER).value(), StandardCharsets.UTF_8), 1L, Long::sum);
        assertEquals(expected, headers, "the dead-letter topic's reason headers");
        for (byte[] first : head) {
            ConsumerRecord<byte[], byte[]> r = dead.stream().filter(d -> java.util.Arrays.equals(d.value(), first)).findFirst().orElseThrow();
            assertEquals("expected 2 values, found 3", new String(r.headers().lastHeader(DeadLetters.MESSAGE_HEADER).value(), StandardCharsets.UTF_8));
        }
        LearnerState state = new SnapshotStore(h.snapshots, w -> fail(w)).loadLatest().orElseThrow();
        assertEquals(good, state.absorbed());
        Harness.assertRowsEverywhere(state, good);
    }

    /** Random query strings on /samples: always 400 or 200, never 500; the node keeps serving. */
    /** The value sizes of the oversized records at default settings: just over the 1 MiB limit (the issue's 1 048 579 bytes), 2 MiB and 5 MiB. */
    static final int[] OVERSIZED = {1_048_577, 1_048_579, 2 << 20, 5 << 20};

    /**
     * The default limits (input.max-record-bytes 1 MiB, the dead-letter producer's max.request.size
     * 1 MiB, the dead-letter topic's default max.message.bytes): records far over them (the test
     * broker accepts up to 8 MiB), one with a 2 MiB key as well, among good ones and some of every
     * other category. Each is dead-lettered as too-large, cut to its head with its original size in
     * a header; every good record is absorbed once, and the reader never restarts.
     */
    @Test
    void oversizedRecordsAtDefaultLimitsAreDeadLetteredCutToFitAndIngestionNeverStops() throws Exception {
        final int good = 3000, eachOther = 8;
        Random rng = new Random(1048579);
        List<byte[]> values = new ArrayList<>(Harness.csv(Datasets.generate("gmm", good, 7).samples()));
        Map<String, Long> expected = new TreeMap<>(Map.of("too-large", (long) OVERSIZED.length + 1));
        for (Category c : categories()) {
            if (c.reason().equals("too-large")) continue;   // 4 KiB "very long lines" are fine records at the 1 MiB default
            for (int i = 0; i < eachOther; i++) values.add(c.make().apply(rng));
            expected.merge(c.reason(), (long) eachOther, Long::sum);
        }
        for (int size : OVERSIZED) values.add(oversizedCsv(rng, size));
        byte[] hugeKey = new byte[2 << 20];
        rng.nextBytes(hugeKey);
        values.add(oversizedCsv(rng, 2 << 20));
        List<byte[]> keys = new ArrayList<>(Collections.nCopies(values.size(), (byte[]) null));
        keys.set(values.size() - 1, hugeKey);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) order.add(i);
        Collections.shuffle(order, rng);
        List<byte[]> shuffledValues = new ArrayList<>(), shuffledKeys = new ArrayList<>();
        for (int i : order) { shuffledValues.add(values.get(i)); shuffledKeys.add(keys.get(i)); }
        int bad = values.size() - good;

        Harness h = new Harness(SharedKafka.broker(), "oversized", 2, dir.resolve("snap"));
        Harness.produce(Map.of("bootstrap.servers", SharedKafka.bootstrapServers(), "max.request.size", 8 << 20), h.samples, shuffledKeys, shuffledValues);
        long started = System.nanoTime();
        try (ScoreStreamService service = h.start(Map.of())) {   // input.max-record-bytes and every producer limit at their defaults
            io.scorestream.stream.Partitioner.Progress p = service.awaitConsumed(values.size(), Harness.WAIT);
            double seconds = (System.nanoTime() - started) / 1e9;
            assertEquals(good, p.absorbed(), "every good record once");
            assertEquals(bad, p.deadLettered());
            assertEquals(expected, new TreeMap<>(p.deadLetteredByReason()));
            assertEquals(0, service.metrics().restarts().count(), "the reader never restarted: ingestion never stopped");
            service.drain(Harness.WAIT);
            System.out.printf("fuzz oversized (defaults): %d records (%d good, %d bad, %d over 1 MiB up to 5 MiB) consumed in %.1f s; absorbed %d, dead-lettered %d %s, reader restarts %d%n",
                    values.size(), good, bad, OVERSIZED.length + 1, seconds, p.absorbed(), p.deadLettered(), p.deadLetteredByReason(), service.metrics().restarts().count());
        }
        List<ConsumerRecord<byte[], byte[]>> dead = Harness.readAll(Map.of("bootstrap.servers", SharedKafka.bootstrapServers()), h.deadLetters);
        assertEquals(bad, dead.size(), "each bad record dead-lettered once");
        List<ConsumerRecord<byte[], byte[]>> input = Harness.readAll(Map.of("bootstrap.servers", SharedKafka.bootstrapServers(), "max.partition.fetch.bytes", 8 << 20), h.samples);
        Map<String, ConsumerRecord<byte[], byte[]>> bySource = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : input) bySource.put(r.topic() + "/" + r.partition() + "/" + r.offset(), r);
        int truncated = 0;
        for (ConsumerRecord<byte[], byte[]> r : dead) {
            ConsumerRecord<byte[], byte[]> original = bySource.get(header(r, DeadLetters.SOURCE_HEADER));
            assertNotNull(original, "the source header names a record of the input topic");
            int letterBytes = (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0 : r.value().length);
            assertTrue(letterBytes <= 1 << 20, "a dead letter of " + letterBytes + " bytes");
            if (header(r, DeadLetters.TRUNCATED_HEADER) == null) {
                assertArrayEquals(original.value(), r.value(), "a dead letter that fits is the whole record");
                continue;
            }
            truncated++;
            assertEquals("true", header(r, DeadLetters.TRUNCATED_HEADER));
            assertEquals("too-large", header(r, DeadLetters.REASON_HEADER));
            assertEquals(Integer.toString(original.value().length), header(r, DeadLetters.ORIGINAL_BYTES_HEADER));
            assertTrue(letterBytes > (1 << 20) - 8192, "keeps nearly 1 MiB of key and value, kept " + letterBytes);
            assertArrayEquals(java.util.Arrays.copyOf(original.value(), r.value().length), r.value(), "the head of the value");
            if (original.key() != null) {
                assertEquals(Integer.toString(original.key().length), header(r, DeadLetters.ORIGINAL_KEY_BYTES_HEADER));
                assertArrayEquals(java.util.Arrays.copyOf(original.key(), r.key().length), r.key(), "the head of the key");
            }
        }
        assertEquals(OVERSIZED.length + 1, truncated, "every oversized record, and only those, cut to fit");
        LearnerState state = new SnapshotStore(h.snapshots, w -> fail(w)).loadLatest().orElseThrow();
        Harness.assertRowsEverywhere(state, good);
    }

    /** A CSV-looking record of exactly size bytes (two numbers, the second one very long). */
    static byte[] oversizedCsv(Random r, int size) {
        byte[] out = new byte[size];
        byte[] head = utf8(number(r) + ",1");
        System.arraycopy(head, 0, out, 0, head.length);
        for (int i = head.length; i < size; i++) out[i] = (byte) ('0' + r.nextInt(10));
        return out;
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    static void fuzzHttp(int port, Random r) throws IOException {
        Map<Integer, Integer> codes = new TreeMap<>();
        String[] ns = {"", "-1", "0", "1", "7", "1000", "1001", "1e3", "0x10", "99999999999999999999", "%205", "5%20", "5+", "NaN", "%00", "%ff", "٣", "1.5", "+3"};
        String[] seeds = {"1", "-1", "9223372036854775807", "9223372036854775808", "abc", "", "1e2", "%20"};
        for (int i = 0; i < 200; i++) {
            String query = switch (r.nextInt(4)) {
                case 0 -> "n=" + ns[r.nextInt(ns.length)];
                case 1 -> "n=" + ns[r.nextInt(ns.length)] + "&seed=" + seeds[r.nextInt(seeds.length)];
                case 2 -> randomQuery(r);
                default -> "n=" + ns[r.nextInt(ns.length)] + "&" + randomQuery(r) + (r.nextBoolean() ? "&n=2" : "");
            };
            int code = get(port, "/samples?" + query, r.nextBoolean());
            codes.merge(code, 1, Integer::sum);
            assertTrue(code == 200 || code == 400, "/samples?" + query + " answered " + code);
        }
        assertEquals(200, get(port, "/health", false));
        assertEquals(200, get(port, "/samples?n=10&seed=3", false), "still sampling");
        System.out.println("fuzz http: 200 random /samples queries, status counts " + codes);
    }

    static String randomQuery(Random r) {
        StringBuilder sb = new StringBuilder();
        for (int i = r.nextInt(40); i >= 0; i--) {
            if (r.nextInt(6) == 0) sb.append(String.format("%%%02X", r.nextInt(256)));
            else sb.append((char) (0x21 + r.nextInt(0x7e - 0x21 + 1)));
        }
        return sb.toString().replace("#", "%23");
    }

    static int get(int port, String target, boolean json) throws IOException {
        return Harness.rawRequest(port, "GET", target, json ? "Accept: application/json\r\n" : "", 0);
    }

    // ---- the command line ----

    @Test
    void fitAndEvalRejectAFuzzedCsvFileWithOneLineNamingFileAndLine() throws IOException {
        Random rng = new Random(99);
        DMatrixRMaj good = Datasets.generate("gmm", 60, 3).samples();
        Path reference = dir.resolve("ref.csv");
        Files.write(reference, String.join("\n", Harness.csv(good).stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList()).concat("\n").getBytes(StandardCharsets.UTF_8));
        List<Category> cats = new ArrayList<>(categories());
        cats.removeIf(c -> c.reason().equals("empty") || c.name().startsWith("several lines"));   // blank lines and line breaks are file structure, not a record
        Map<String, Integer> tried = new LinkedHashMap<>();
        long started = System.nanoTime();
        int runs = 0;
        for (int i = 0; i < 150; i++) {
            Category c = cats.get(i % cats.size());
            byte[] bad = c.make().apply(rng);
            for (int k = 0; k < bad.length; k++) if (bad[k] == '\n' || bad[k] == '\r') bad[k] = 'x';
            int badLine = 2 + rng.nextInt(good.numRows - 1);   // after line 1, which may be a header
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            for (int row = 0; row < good.numRows; row++) {
                if (row + 1 == badLine) file.write(bad);
                else file.write(Harness.csv(good).get(row));
                file.write('\n');
            }
            Path fuzzed = dir.resolve("fuzz-" + i + ".csv");
            Files.write(fuzzed, file.toByteArray());
            String[] args = i % 2 == 0
                    ? new String[]{"fit", "--input", fuzzed.toString(), "--model", dir.resolve("m-" + i + ".model").toString(), "--levels", "10"}
                    : new String[]{"eval", "--generated", fuzzed.toString(), "--reference", reference.toString()};
            String line = singleErrorLine(args);
            runs++;
            assertTrue(line.contains(fuzzed + ":" + badLine + ":"), c.name() + " at line " + badLine + ": " + line);
            assertFalse(Files.exists(dir.resolve("m-" + i + ".model")), "no model from bad data");
            tried.merge(c.name(), 1, Integer::sum);
        }
        System.out.printf("fuzz cli: %d fuzzed files (fit and eval alternately) in %.1f s, each exit 2 with one line naming file:line; categories %s%n",
                runs, (System.nanoTime() - started) / 1e9, tried);
    }

    /** The CSV reader decodes 8 KiB ahead of the line it returns: bad bytes far into a file are still placed on their line. */
    @Test
    void invalidUtf8DeepInAFileIsReportedOnItsLine() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        for (int line = 1; line < 5000; line++) file.write(utf8(line + ".5," + line + "\n"));
        file.write(new byte[]{'1', ',', (byte) 0xff, '\n'});
        for (int line = 5001; line <= 5100; line++) file.write(utf8(line + ".5," + line + "\n"));
        Path fuzzed = dir.resolve("deep.csv");
        Files.write(fuzzed, file.toByteArray());
        String line = singleErrorLine("eval", "--generated", fuzzed.toString(), "--reference", fuzzed.toString());
        assertTrue(line.contains(fuzzed + ":5000: not valid UTF-8"), line);
    }

    static String singleErrorLine(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
        if (code != 2 || lines.size() != 1 || out.size() != 0)
            throw new AssertionError("expected exit 2 with one stderr line, got exit " + code + "\nstderr:\n" + err + "\nstdout:\n" + out);
        return lines.get(0);
    }
}
