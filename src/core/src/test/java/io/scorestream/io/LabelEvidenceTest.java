package io.scorestream.io;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** What a text field's values say of it, and the bound on what its evidence holds. */
class LabelEvidenceTest {
    private static LabelCodes.Evidence of(int mostLabels, String... values) {
        LabelCodes.Evidence e = new LabelCodes.Evidence(mostLabels);
        for (String v : values) e.add(v);
        return e;
    }

    @Test
    void labelsAreValuesThatRepeatAtMostHalfAsManyDifferentAsValues() {
        assertTrue(of(100, "a", "b", "a", "b").repeats());
        assertFalse(of(100, "a", "b", "c", "a").repeats(), "3 different among 4");
        assertTrue(of(100, "a", "b", "c", "a", "b", "c").repeats());
        assertFalse(of(100).repeats(), "no value: no labels");
        assertFalse(of(100, "2020-01-01", "2020-01-01", "2020-01-02", "2020-01-02").repeats(), "dates repeat, yet are no labels");
    }

    /**
     * A town's name in a table of addresses repeats (2.2 rows a town in zipcodes.csv) yet a third of
     * its values are seen once: the next row brings a new town as often, an open vocabulary. A
     * closed set keeps a rare label or two seen once and stays labels.
     */
    @Test
    void anOpenVocabularyWhoseValuesAreOftenSeenOnceIsFreeText() {
        LabelCodes.Evidence towns = new LabelCodes.Evidence();
        for (int i = 0; i < 300; i++) towns.add("town" + i);                  // seen once: 300 of 1 000 values
        for (int i = 0; i < 350; i++) { towns.add("city" + i); towns.add("city" + i); }
        assertEquals(1000, towns.values());
        assertFalse(towns.repeats(), "650 different among 1 000, but 30 % of values seen once");
        LabelCodes.Evidence species = new LabelCodes.Evidence();
        for (int i = 0; i < 990; i++) species.add(new String[]{"Adelie", "Chinstrap", "Gentoo"}[i % 3]);
        for (int i = 0; i < 10; i++) species.add("rare" + i);                  // 1 % seen once
        assertTrue(species.repeats(), "13 labels, 1 % of values seen once");
        LabelCodes.Evidence edge = new LabelCodes.Evidence();
        for (int i = 0; i < 45; i++) { edge.add("x" + i % 15); }                // 15 labels thrice
        for (int i = 0; i < 5; i++) edge.add("once" + i);                       // 5 of 50 seen once: the most
        assertTrue(edge.repeats(), "a share seen once of exactly " + LabelCodes.MOST_UNSEEN);
        edge.add("once5");
        assertFalse(edge.repeats(), "6 of 51 seen once");
        edge.add("once5");
        assertTrue(edge.repeats(), "seen twice, no longer once: 5 of 52");
    }

    @Test
    void pastTheMostLabelsTheValuesAreDroppedAndTheFieldIsFreeText() {
        LabelCodes.Evidence e = new LabelCodes.Evidence(4);
        for (int round = 0; round < 10; round++) for (String v : new String[]{"a", "b", "c", "d"}) e.add(v);
        assertTrue(e.keepsValues());
        assertTrue(e.repeats(), "4 labels, as many as kept, over 40 values");
        e.add("e");
        assertFalse(e.keepsValues(), "a fifth different value: the set is let go");
        for (int i = 0; i < 1000; i++) e.add("a");
        assertFalse(e.repeats(), "more different values than kept: free text, however often they repeat");
        assertEquals(1041, e.values());
        // Exact below twice the most: 5 different among 9 values would not be labels without the bound either.
        LabelCodes.Evidence few = of(4, "a", "b", "c", "d", "e", "a", "b", "c", "d");
        assertFalse(few.keepsValues());
        assertFalse(few.repeats());
    }

    @Test
    void aFieldOfManyNamesKeepsNoMoreThanTheMostLabels() {
        LabelCodes.Evidence e = new LabelCodes.Evidence();
        for (int i = 0; i < LabelCodes.MOST_LABELS; i++) e.add("name " + i);
        assertTrue(e.keepsValues(), "up to the most labels, every value is kept");
        e.add("one more");
        assertFalse(e.keepsValues());
        for (int i = 0; i < 100_000; i++) e.add("later name " + i);
        assertFalse(e.keepsValues(), "none kept again");
        assertFalse(e.repeats());
    }

    @Test
    void aColumnOfDatesIsTimeOnItsValuesThoughNotLabels() {
        LabelCodes.Evidence e = of(4, "2020-01-01", "2020-02-01", "2020-03-01", "2020-04-01", "2020-05-01", "x");
        assertFalse(e.keepsValues());
        assertEquals("yyyy-MM-dd@month", e.time().pattern(), "dates past the most labels are still judged");
    }

    /** The hand-written test of a date's or time's opening says what the regular expression it replaced said. */
    @Test
    void aDateOrTimeIsToldByItsOpeningAsTheRegularExpressionTellsIt() {
        java.util.regex.Pattern dateOrTime = java.util.regex.Pattern.compile("\\d{1,4}[-/.]\\d{1,2}[-/.]\\d{1,4}|\\d{1,2}:\\d{2}");
        String[] texts = {"2012-01-31", "31.01.2012", "1/2/12", "9:05", "09:05:01", "12345-01-01", "2012-123-01", "2012-1-", "2012-01", "1:5", "123:45",
                "Adelie", "", "7", "12:3", "2012/01/31 01:00", "1.2.3", "1.2", "-1-2-3", "12-34-5x", "1a-2-3", "2012--01", "99:99x"};
        for (String text : texts)
            assertEquals(dateOrTime.matcher(text).lookingAt(), LabelCodes.Evidence.startsLikeDateOrTime(text), text);
        assertTrue(LabelCodes.Evidence.startsLikeDateOrTime("2012-01-31"));
        assertFalse(LabelCodes.Evidence.startsLikeDateOrTime("Adelie"));
    }
}
