package io.scorestream.io;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The column forms Tables learns from a read file's values: clock times hhmm in text formats only. */
class LearnedTextFormsTest {
    /** 200 rows: a clock time hhmm, and a plain number. */
    private static DMatrixRMaj clockRows() {
        SplittableRandom rng = new SplittableRandom(3);
        DMatrixRMaj rows = new DMatrixRMaj(200, 2);
        for (int i = 0; i < 200; i++) {
            int minutes = rng.nextInt(24 * 60);
            rows.set(i, 0, minutes / 60 * 100 + minutes % 60);
            rows.set(i, 1, rng.nextGaussian());
        }
        return rows;
    }

    @Test
    void aCsvOrJsonColumnOfClockTimesIsLearnedInMinutes() {
        for (RecordSchema.Format format : List.of(RecordSchema.Format.CSV, RecordSchema.Format.JSON)) {
            DMatrixRMaj rows = clockRows();
            double first = rows.get(0, 0);
            Tables.Table read = Tables.withClockTimes(new Tables.Table(rows, RecordSchema.named(format, List.of("dep", "x"))));
            assertTrue(read.columns().isClock(0) && !read.columns().isTime(1), format.toString());
            assertEquals(Math.floor(first / 100) * 60 + first % 100, read.rows().get(0, 0), 0);
            assertEquals(String.valueOf((long) first), read.columns().text(0, read.rows().get(0, 0)));
        }
    }

    @Test
    void anAvroOrParquetFieldKeepsItsNumbers() {
        // Their fields are typed, and a model writes its numbers into them as learned: no minutes where the file had hhmm.
        String schema = "{\"type\":\"record\",\"name\":\"r\",\"fields\":[{\"name\":\"dep\",\"type\":\"int\"},{\"name\":\"x\",\"type\":\"double\"}]}";
        Tables.Table avro = new Tables.Table(clockRows(), new RecordSchema(RecordSchema.Format.AVRO, List.of("dep", "x"), schema));
        assertSame(avro, Tables.withClockTimes(avro));
    }
}
