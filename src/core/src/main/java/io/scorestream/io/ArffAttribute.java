package io.scorestream.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One {@code @attribute NAME TYPE} line of an ARFF header: its name (quoted when it holds spaces,
 * {@code 'petal width'}), what its values are, and for a nominal attribute its declared values
 * ({@code {Iris-setosa, 'Iris versicolor'}}), in their declared order.
 *
 * @param line the file's line declaring it, for messages about its values
 */
record ArffAttribute(String name, DeclaredKind kind, List<String> values, long line) {

    /** The declaration on text, a line whose keyword (@attribute, any case) the caller has taken off. */
    static ArffAttribute parse(Path file, long line, ArffText text) {
        ArffText.Value name = text.value("{", true);
        if (name.text().isEmpty()) throw text.problem("@attribute without a name");
        if (text.take('{')) return new ArffAttribute(name.text(), DeclaredKind.NOMINAL, nominalValues(text), line);
        String type = text.rest();
        String word = type.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
        DeclaredKind kind = switch (word) {
            case "numeric", "real", "integer" -> DeclaredKind.NUMBER;
            case "string" -> DeclaredKind.TEXT;
            // Its format is not needed: the values are read as the CSV reader reads dates. But a date
            // declared as its year alone ("yyyy", scipy's test data) is a whole number, which no date form reads.
            case "date" -> yearsAlone(type) ? DeclaredKind.NUMBER : DeclaredKind.DATE;
            case "relational" -> throw text.problem("@attribute " + name.text() + " is relational (multi-instance bags of rows), which fit does not read: "
                    + "write each bag's rows as rows of their own");
            default -> throw text.problem("@attribute " + name.text() + " has type '" + type + "', which is none of ARFF's "
                    + "(numeric, real, integer, string, date, relational, or {the nominal values})");
        };
        return new ArffAttribute(name.text(), kind, List.of(), line);
    }

    /** Whether a date attribute's declared format is the year alone: {@code date yyyy}, quoted or not. */
    private static boolean yearsAlone(String type) {
        String[] parts = type.strip().split("\\s+", 2);
        return parts.length == 2 && parts[1].strip().replaceAll("^['\"]|['\"]$", "").equals("yyyy");
    }

    /** The values of {@code {a, b, 'c d'}} after its '{'. */
    private static List<String> nominalValues(ArffText text) {
        List<String> values = new ArrayList<>();
        if (text.take('}')) throw text.problem("a nominal @attribute declares no value ({})");
        do {
            ArffText.Value value = text.value(",}", false);
            if (value.text().isEmpty() && !value.quoted()) throw text.problem("a nominal @attribute's value " + (values.size() + 1) + " is empty");
            if (values.contains(value.text())) throw text.problem("a nominal @attribute declares the value '" + value.text() + "' twice");
            values.add(value.text());
        } while (text.take(','));
        if (!text.take('}')) throw text.problem("a nominal @attribute's values are not closed by '}'");
        if (!text.atEnd()) throw text.problem("text after a nominal @attribute's '}': " + text.rest());
        return List.copyOf(values);
    }

    /** The value an ARFF sparse row gives an attribute it does not list: 0, a nominal's first value; null for text and dates (0 names none). */
    String sparseDefault() {
        return switch (kind) {
            case NUMBER -> "0";
            case NOMINAL -> values.get(0);
            case TEXT, DATE -> null;
        };
    }

    /** "5 (class)": the field as the CSV reader names it in messages. */
    String label(int field) {
        return (field + 1) + " (" + name + ")";
    }
}
