package io.scorestream.http;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * conf/prometheus-alerts.yml under Prometheus's own tool: {@code promtool check rules}, and
 * {@code promtool test rules} on series of a stalled node and a healthy one (the stall alerts fire
 * for the first, at the right time, and never for the second). Skipped, saying so, where promtool
 * is not installed (Debian's prometheus package; bin/test installs it). That every metric the
 * rules use is exported is checked against a live node in DeadLetterFaultsTest.
 */
class PrometheusAlertsTest {
    static final Path RULES = Path.of("conf/prometheus-alerts.yml").toAbsolutePath();
    @TempDir Path dir;

    @Test
    void theExampleAlertRulesAreValidAndFireOnAStalledNodeOnly() throws Exception {
        Path promtool = onPath("promtool");
        Assumptions.assumeTrue(promtool != null, "promtool is not installed (Debian package 'prometheus'): conf/prometheus-alerts.yml is not checked");
        String check = run(promtool.toString(), "check", "rules", RULES.toString());
        assertTrue(check.contains("SUCCESS: 5 rules found"), check);

        Path test = dir.resolve("alerts-test.yml");
        Files.writeString(test, """
                rule_files:
                  - %s
                evaluation_interval: 15s
                tests:
                  - interval: 15s
                    input_series:
                      - series: 'scorestream_ingest_stalled{instance="stalled"}'
                        values: '0 0 1x20'
                      - series: 'scorestream_ingest_stalled_seconds{instance="stalled"}'
                        values: '0 0 120+15x20'
                      - series: 'scorestream_ingest_stalled{instance="healthy"}'
                        values: '0x22'
                      - series: 'scorestream_ingest_stalled_seconds{instance="healthy"}'
                        values: '0x22'
                    alert_rule_test:
                      - eval_time: 1m
                        alertname: ScoreStreamIngestionStalled
                        exp_alerts: []
                      - eval_time: 2m
                        alertname: ScoreStreamIngestionStalled
                        exp_alerts:
                          - exp_labels: {severity: critical, instance: stalled}
                            exp_annotations:
                              summary: "ScoreStream ingestion stalled on stalled"
                              description: "Records wait in the input topic and none has been taken for at least stall-after; GET /ready on the node says why."
                      - eval_time: 3m
                        alertname: ScoreStreamNoProgress
                        exp_alerts: []
                      - eval_time: 4m
                        alertname: ScoreStreamNoProgress
                        exp_alerts:
                          - exp_labels: {severity: critical, instance: stalled}
                            exp_annotations:
                              summary: "ScoreStream has taken no record for 5m 30s on stalled"
                              description: "Records wait in the input topic (scorestream_records_waiting) but none is being absorbed or dead-lettered."
                """.formatted(RULES));
        String unit = run(promtool.toString(), "test", "rules", test.toString());
        assertTrue(unit.contains("SUCCESS"), unit);
    }

    /** Runs the command, asserts exit 0, returns its output. */
    static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", command) + ":\n" + out);
        return out;
    }

    static Path onPath(String name) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        for (String d : dirs) {
            Path candidate = Path.of(d, name);
            if (!d.isEmpty() && Files.isExecutable(candidate)) return candidate;
        }
        return null;
    }
}
