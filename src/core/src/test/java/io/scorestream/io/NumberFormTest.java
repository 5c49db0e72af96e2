package io.scorestream.io;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** What a percentage or an amount written as text reads as, and how a column's form writes a generated value back. */
class NumberFormTest {
    /** The plain decimal and form of text, or null; grouping and a decimal comma allowed as said. */
    private static String read(String text, boolean grouping, boolean decimalComma) {
        StringBuilder plain = new StringBuilder();
        NumberForm.Written w = NumberForm.read(text, 0, text.length(), grouping, decimalComma, plain);
        return w == null ? null : plain + " " + w;
    }

    @Test
    void aValueIsReadAsTheNumberWrittenWithItsSigns() {
        assertEquals("12.5 Written[prefix=, suffix=%, grouped=false, decimals=1, parenthesised=false]", read("12.5%", false, false));
        assertEquals("-1234.50 Written[prefix=$, suffix=, grouped=true, decimals=2, parenthesised=false]", read("-$1,234.50", true, false));
        assertEquals("+7 Written[prefix=€, suffix=, grouped=false, decimals=0, parenthesised=false]", read("+€7", false, false));
        assertEquals("12.5 Written[prefix=, suffix=%, grouped=false, decimals=1, parenthesised=false]", read("12,5%", false, true), "a decimal comma where the file takes one");
        assertNull(read("$1,234.50", false, false), "grouping only where a plain number may be grouped");
        assertNull(read("12,5%", true, false), "no decimal comma where commas group");
        for (String none : List.of("%", "$", "$ 3", "$-3", "1e3%", "12.5%%", "12.5", "US$3", "€1,23", "-%5", "(-5)", "()", "(a)", "12  €", "€3€"))
            assertNull(read(none, true, false), none);
        // Accounting's negatives in parentheses and a currency sign after the number, a space before it as written (third sweep).
        assertEquals("-1234 Written[prefix=, suffix=, grouped=true, decimals=0, parenthesised=true]", read("(1,234)", true, false));
        assertEquals("-3.00 Written[prefix=$, suffix=, grouped=false, decimals=2, parenthesised=true]", read("($3.00)", true, false));
        assertEquals("12.50 Written[prefix=, suffix= €, grouped=false, decimals=2, parenthesised=false]", read("12,50 €", false, true));
        assertEquals("3 Written[prefix=, suffix=$, grouped=false, decimals=0, parenthesised=false]", read("3$", true, false));
    }

    @Test
    void aGeneratedValueIsWrittenInTheColumnsForm() {
        NumberForm cents = NumberForm.ofPattern("$#,##0.00");
        assertEquals(new NumberForm("$", "", true, 2), cents);
        assertEquals("$1,234,567.89", cents.format(1_234_567.891));
        assertEquals("-$3.00", cents.format(-3));
        assertEquals("$0.00", cents.format(-0.004), "no sign on a value that rounds to nothing");
        assertEquals("$999.00", cents.format(999));
        NumberForm percent = new NumberForm("", "%", false, NumberForm.AS_NEEDED);
        assertEquals("0.#%", percent.pattern());
        assertEquals("12%", percent.format(12.0));
        assertEquals("0.00001%", percent.format(1e-5), "no exponent");
        assertEquals("12345678%", percent.format(12_345_678));
        assertEquals(12.5, percent.valueOf("12.5%"));
        assertTrue(Double.isNaN(percent.valueOf("$12.5")), "another form is no value of this one");
        for (String pattern : List.of("$#,##0.00", "0.#%", "£0", "€#,##0.#", "0.000%", "¥0", "0 €", "#,##0.00€", "#,##0;(#,##0)", "$0.00;($0.00)"))
            assertEquals(pattern, NumberForm.ofPattern(pattern).pattern());
        NumberForm ledger = NumberForm.ofPattern("#,##0;(#,##0)");
        assertEquals("(1,235)", ledger.format(-1234.6));
        assertEquals("1,234", ledger.format(1234));
        assertEquals(-1234, ledger.valueOf("(1,234)"));
        assertEquals(1234, ledger.valueOf("1,234"), "a plain number is a value of a form whose only sign is the negatives' parentheses");
        assertEquals("1234.5 €", NumberForm.ofPattern("0.0 €").format(1234.5));
        assertThrows(IllegalArgumentException.class, () -> NumberForm.ofPattern("0;-0"));
        assertThrows(IllegalArgumentException.class, () -> NumberForm.ofPattern("0.#"));
        assertThrows(IllegalArgumentException.class, () -> NumberForm.ofPattern("$00"));
    }

    /** Number forms share the model's list of time patterns, told apart by the digit 0 none of those holds. */
    @Test
    void aSchemaKeepsNumberFormsBesideTimePatterns() throws IOException {
        for (TimeForm form : TimeFormat.forms()) assertFalse(NumberForm.isPattern(form.pattern), form.pattern);
        RecordSchema columns = RecordSchema.named(RecordSchema.Format.CSV, List.of("day", "rate", "price", "n"))
                .withTextForms(List.of("yyyy-MM-dd", "0.0%", "$#,##0.00", ""));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        columns.write(new DataOutputStream(bytes));
        RecordSchema read = RecordSchema.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(columns, read);
        assertTrue(read.isTime(0) && !read.hasNumberForm(0));
        assertTrue(read.hasNumberForm(1) && !read.isTime(1));
        assertEquals("2012-01-31,12.5%,\"$1,234.50\",7.0", Tables.csvText(new org.ejml.data.DMatrixRMaj(new double[][]{{15_370, 12.5, 1234.5, 7}}), columns).lines().skip(1).findFirst().orElseThrow());
    }
}
