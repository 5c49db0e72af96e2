package io.scorestream.io;

import org.ejml.data.DMatrixRMaj;

import java.util.function.Consumer;

/**
 * The date roles a learner finds among its columns and marks on their schema, so that every
 * generated row keeps them: a date written as year, month and day columns ({@link CalendarColumns})
 * and a day of the week beside a column of dates ({@link WeekdayColumns}). One method for `fit` and
 * a stream's planner, so that a stream of a file's rows marks what `fit` of the file marks.
 */
public final class DateRoles {
    private DateRoles() {}

    /** The columns with the date roles the rows show marked on them, each named to progress (may be null). */
    public static RecordSchema marked(DMatrixRMaj rows, RecordSchema columns, Consumer<String> progress) {
        CalendarColumns.Calendar calendar = CalendarColumns.find(rows, columns);
        if (calendar != null) {
            if (progress != null) progress.accept(calendar.describe(columns.names()));
            columns = CalendarColumns.marked(columns, calendar);
        }
        WeekdayColumns.Link weekday = WeekdayColumns.find(rows, columns);
        if (weekday != null) {
            if (progress != null) progress.accept(weekday.describe(columns.names()));
            columns = WeekdayColumns.marked(columns, weekday);
        }
        return columns;
    }
}
