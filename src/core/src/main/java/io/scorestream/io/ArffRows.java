package io.scorestream.io;

import java.nio.file.Path;
import java.util.List;

/**
 * The @data rows of an ARFF file as CSV lines, one value per attribute: dense
 * ({@code 5.1,3.5,'Iris setosa'}) or sparse ({@code {0 1.5, 3 X}}), with an instance weight
 * ({@code ,{2}}) taken off. A row of the wrong length, a nominal value not declared or a sparse
 * index out of range is an InputException on its line; what the values mean (numbers, labels,
 * {@code ?} as missing) is left to the CSV reader, which reads the lines written.
 */
final class ArffRows {
    private final Path file;
    private final List<ArffAttribute> attributes;
    private final ArffText.Value[] values;

    ArffRows(Path file, List<ArffAttribute> attributes) {
        this.file = file;
        this.attributes = attributes;
        this.values = new ArffText.Value[attributes.size()];
    }

    /** Appends the row on the line (not blank, no comment) to out as a CSV line; true when it carried a weight. */
    boolean write(long lineNumber, String line, StringBuilder out) {
        ArffText text = new ArffText(file, lineNumber, line);
        boolean weighted = line.startsWith("{") ? sparse(text) : dense(text);
        if (!text.atEnd()) throw text.problem("text after the row's values: " + CsvVectors.abbreviated(text.rest()));
        for (int f = 0; f < values.length; f++) {
            ArffText.Value value = values[f];
            ArffAttribute attribute = attributes.get(f);
            if (f > 0) out.append(',');
            if (value.missing()) { out.append('?'); continue; }
            if (attribute.kind() == DeclaredKind.NOMINAL && !attribute.values().contains(value.text()))
                throw text.problem("field " + attribute.label(f) + " is '" + value.text() + "', which is none of the values its @attribute on line "
                        + attribute.line() + " declares (" + brief(attribute.values()) + ")");
            // A CSV field cannot span lines: a string's escaped line breaks (Weka's Reuters texts hold \n) become spaces.
            CsvVectors.appendLabel(out, value.text().replace('\n', ' ').replace('\r', ' '), ',');
        }
        return weighted;
    }

    /**
     * Values separated by commas or, as Weka's tokenizer also takes them, by spaces
     * ({@code 5.1 3.5 Iris-setosa}); so an unquoted value holding a space is two values, which
     * Weka refuses too.
     */
    private boolean dense(ArffText text) {
        int count = 0;
        do {
            if (text.take('{')) return weight(text, count);   // only after the last value
            ArffText.Value value = text.value(",", true);
            if (count < values.length) values[count] = value;
            count++;
        } while (text.take(',') || !text.atEnd());
        if (count != values.length) throw text.problem("expected " + values.length + " values, found " + count);
        return false;
    }

    /** {@code {3 X, 0 1.5}}: the attributes listed by their 0-based index, every other one its {@link ArffAttribute#sparseDefault}. */
    private boolean sparse(ArffText text) {
        java.util.Arrays.fill(values, null);
        text.take('{');
        if (!text.take('}')) {
            do {
                ArffText.Value index = text.value(",}", true);
                int f;
                try {
                    f = Integer.parseInt(index.text());
                } catch (NumberFormatException e) {
                    throw text.problem("a sparse row's index '" + index.text() + "' is not a whole number");
                }
                if (f < 0 || f >= values.length) throw text.problem("a sparse row's index " + f + " is none of the " + values.length + " attributes' (0 to " + (values.length - 1) + ")");
                if (values[f] != null) throw text.problem("a sparse row gives attribute " + f + " twice");
                values[f] = text.value(",}", false);
            } while (text.take(','));
            if (!text.take('}')) throw text.problem("a sparse row not closed by '}'");
        }
        for (int f = 0; f < values.length; f++) {
            if (values[f] != null) continue;
            String zero = attributes.get(f).sparseDefault();
            if (zero == null) throw text.problem("a sparse row leaves out field " + attributes.get(f).label(f) + ", whose 0 names no value (it is "
                    + (attributes.get(f).kind() == DeclaredKind.DATE ? "a date" : "a string") + "): list it in the row");
            values[f] = new ArffText.Value(zero, false);
        }
        boolean comma = text.take(',');
        if (text.take('{')) return weight(text, values.length);
        if (comma) throw text.problem("text after the sparse row's '}'");
        return false;
    }

    /** An instance weight after the '{' taken; values: how many values came before it, all of them. */
    private boolean weight(ArffText text, int count) {
        if (count != values.length) throw text.problem("expected " + values.length + " values, found " + count);
        ArffText.Value weight = text.value("}", false);
        if (!text.take('}') || !DecimalSyntax.isDecimal(weight.text()))
            throw text.problem("an instance weight is a number in braces after the values ({2.5}), not {" + weight.text());
        return true;
    }

    private static String brief(List<String> values) {
        return values.size() <= 8 ? String.join(", ", values) : String.join(", ", values.subList(0, 8)) + ", … " + values.size() + " in all";
    }
}
