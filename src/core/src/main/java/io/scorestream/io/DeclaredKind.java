package io.scorestream.io;

/**
 * What a file's own schema says a column is (an ARFF file's @attribute types), which the CSV
 * reader takes over what it would judge from the values: a nominal column of 0 and 1 is labels,
 * a numeric column of eight-digit numbers is numbers, not dates.
 */
enum DeclaredKind {
    /** numeric, real, integer: numbers, whatever they look like. */
    NUMBER,
    /** A declared set of values: labels, even a value met once, even values that look like numbers. */
    NOMINAL,
    /** string: text, judged as the CSV reader judges text (labels when values repeat, else left out). */
    TEXT,
    /** date: a column of times when the CSV reader's date forms read the values, else left out and named. */
    DATE
}
