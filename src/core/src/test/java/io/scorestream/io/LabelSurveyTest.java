package io.scorestream.io;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LabelSurveyTest {
    private static final String[] SPECIES = {"Gentoo", "Adelie", "Chinstrap"};

    /** A feed's record: a species (labels), a tag (true/false), an id (free text), a day (a date), a count written as text, a site nested, a note in a few records only. */
    private static String record(int i) {
        return "{\"id\":\"bird-" + i + "\",\"species\":\"" + SPECIES[i % 3] + "\",\"bill\":" + (39.1 + i % 7) + ",\"tagged\":" + (i % 4 == 0)
                + ",\"day\":\"2024-03-" + String.format("%02d", 1 + i % 28) + "\",\"count\":\"" + (i % 5) + "\",\"site\":{\"kind\":\"" + (i % 2 == 0 ? "shore" : "cliff") + "\"}"
                + (i % 10 == 0 ? ",\"note\":\"seen\"" : "") + ",\"status\":\"ok\"}";
    }

    @Test
    void fieldsOfRepeatedTextAreLabelsAndFreeTextDatesAndNumbersAreNot() {
        LabelSurvey survey = new LabelSurvey(field -> true);
        for (int i = 0; i < 300; i++) survey.add(record(i));
        survey.add("[1, 2]");   // no object: not counted
        assertEquals(300, survey.records());
        assertEquals(Map.of("species", List.of("Adelie", "Chinstrap", "Gentoo"), "tagged", List.of("false", "true"), "site.kind", List.of("cliff", "shore")),
                survey.labels(), "labels sorted; id (every value new), day (dates), count (numbers as text), note (in 1 record of 10) and status (one value) are not labels");
        assertEquals(List.of("species", "tagged", "site.kind"), List.copyOf(survey.labels().keySet()), "in the order first seen");
    }

    /** A stream dead-letters a record without one of its columns: a field 1 record in 100 lacks stays out, one in 200 is learned. */
    @Test
    void aFieldOfLabelsIsOneNearlyEveryRecordHolds() {
        LabelSurvey survey = new LabelSurvey(field -> true);
        for (int i = 0; i < 1000; i++)
            survey.add("{\"x\":1" + (i % 50 == 0 ? "" : ",\"often\":\"" + SPECIES[i % 3] + "\"") + (i % 200 == 0 ? ",\"almost\":null" : ",\"almost\":\"" + SPECIES[i % 3] + "\"") + "}");
        assertEquals(Map.of("almost", List.of("Adelie", "Chinstrap", "Gentoo")), survey.labels(), "often: in 98 % of the records; almost: in 99.5 %");
    }

    /**
     * A field whose values are seen once in 5 % of the records is a closed set to {@code fit} (up to
     * 10 %) but not to a stream, whose every record with a new label would be a dead letter: 1 % at most.
     */
    @Test
    void aStreamsLabelsAreAClosedSetOfFewValuesSeenOnce() {
        LabelSurvey survey = new LabelSurvey(field -> true);
        for (int i = 0; i < 1000; i++)
            survey.add("{\"x\":1,\"site\":\"" + (i % 20 == 0 ? "new-" + i : SPECIES[i % 3]) + "\",\"kind\":\"" + (i == 500 ? "rare" : SPECIES[i % 3]) + "\"}");
        assertEquals(Map.of("kind", List.of("Adelie", "Chinstrap", "Gentoo", "rare")), survey.labels(), "site: 50 values seen once in 1 000; kind: 1");
    }

    @Test
    void onlyTheFieldsSurveyedMayHoldLabels() {
        LabelSurvey survey = new LabelSurvey(field -> !Set.of("species", "tagged").contains(field));
        for (int i = 0; i < 100; i++) survey.add(record(i));
        assertEquals(Map.of("site.kind", List.of("cliff", "shore")), survey.labels());
    }

    @Test
    void noRecordNoLabels() {
        LabelSurvey survey = new LabelSurvey(field -> true);
        assertEquals(Map.of(), survey.labels());
        survey.add("{\"a\": 1}");
        assertEquals(Map.of(), survey.labels());
    }
}
