package io.scorestream.io;

import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.BuiltinFormats;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An Office Open XML workbook (.xlsx) read as a stream of its sheets' XML, so that a sheet of a
 * million cells holds only its fields' text in memory (POI's user model holds its cells' objects:
 * about two gigabytes for 600 000). A cell's value is read as stored: {@code t="s"} a shared
 * string, {@code inlineStr} and {@code str} (a formula's text) text, {@code b} a boolean, {@code e}
 * an error's text, else a number, a date where its style's format is one (1900 or 1904 dates, as
 * the workbook says).
 */
final class XlsxSheets extends DefaultHandler {
    private final SheetRows.Builder rows;
    private final ReadOnlySharedStringsTable strings;
    private final StylesTable styles;
    private final boolean date1904;
    private final StringBuilder value = new StringBuilder();
    private boolean inValue;
    private int row = -1, column = -1;
    private String type, style;

    private XlsxSheets(String name, ReadOnlySharedStringsTable strings, StylesTable styles, boolean date1904) {
        this.rows = new SheetRows.Builder(name);
        this.strings = strings;
        this.styles = styles;
        this.date1904 = date1904;
    }

    static List<SheetRows> read(Path file) throws IOException {
        List<SheetRows> sheets = new ArrayList<>();
        try (OPCPackage pkg = OPCPackage.open(file.toFile(), PackageAccess.READ)) {
            XSSFReader reader = new XSSFReader(pkg);
            ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(pkg, false);
            StylesTable styles = reader.getStylesTable();
            boolean date1904 = date1904(reader);
            XSSFReader.SheetIterator it = (XSSFReader.SheetIterator) reader.getSheetsData();
            while (it.hasNext()) {
                try (InputStream in = it.next()) {
                    XlsxSheets sheet = new XlsxSheets(it.getSheetName(), strings, styles, date1904);
                    XMLReader parser = XMLHelper.newXMLReader();
                    parser.setContentHandler(sheet);
                    parser.parse(new InputSource(in));
                    sheets.add(sheet.rows.build());
                }
            }
        } catch (OpenXML4JException | SAXException | javax.xml.parsers.ParserConfigurationException e) {
            throw new IOException(e.getMessage(), e);
        }
        return sheets;
    }

    /** Whether the workbook counts its dates from 1904 (old Mac Excel's), as its workbookPr says. */
    private static boolean date1904(XSSFReader reader) throws IOException, OpenXML4JException, SAXException, javax.xml.parsers.ParserConfigurationException {
        boolean[] found = {false};
        XMLReader parser = XMLHelper.newXMLReader();
        parser.setContentHandler(new DefaultHandler() {
            @Override
            public void startElement(String uri, String local, String qName, Attributes attributes) {
                if (name(local, qName).equals("workbookPr")) {
                    String v = attributes.getValue("date1904");
                    found[0] = "1".equals(v) || "true".equalsIgnoreCase(v);
                }
            }
        });
        try (InputStream in = reader.getWorkbookData()) {
            parser.parse(new InputSource(in));
        }
        return found[0];
    }

    /** An element's name without its prefix, namespace-aware parser or not. */
    private static String name(String local, String qName) {
        String name = local == null || local.isEmpty() ? qName : local;
        return name.substring(name.indexOf(':') + 1);
    }

    @Override
    public void startElement(String uri, String local, String qName, Attributes attributes) {
        switch (name(local, qName)) {
            case "row" -> {
                String r = attributes.getValue("r");
                row = r == null ? row + 1 : Integer.parseInt(r) - 1;
                column = -1;
                rows.row(row);
            }
            case "c" -> {
                String r = attributes.getValue("r");
                column = r == null ? column + 1 : new CellReference(r).getCol();
                type = attributes.getValue("t");
                style = attributes.getValue("s");
                value.setLength(0);
            }
            case "v", "t" -> inValue = true;   // a value, or an inline string's text
            default -> { }
        }
    }

    @Override
    public void characters(char[] ch, int start, int length) {
        if (inValue) value.append(ch, start, length);
    }

    @Override
    public void endElement(String uri, String local, String qName) {
        switch (name(local, qName)) {
            case "v", "t" -> inValue = false;
            case "c" -> cell();
            default -> { }
        }
    }

    private void cell() {
        if (value.isEmpty()) return;
        String text = value.toString();
        switch (type == null ? "n" : type) {
            case "s" -> rows.text(column, strings.getItemAt(Integer.parseInt(text.strip())).getString());
            case "inlineStr", "str" -> rows.text(column, text);
            case "b" -> rows.bool(column, text.strip().equals("1") || text.strip().equalsIgnoreCase("true"));
            case "e" -> rows.error(column, text.strip());
            default -> number(Double.parseDouble(text.strip()));
        }
    }

    private void number(double v) {
        if (style != null) {
            XSSFCellStyle s = styles.getStyleAt(Integer.parseInt(style));
            int index = s.getDataFormat();
            String format = s.getDataFormatString() != null ? s.getDataFormatString() : BuiltinFormats.getBuiltinFormat(index);
            if (format != null && DateUtil.isADateFormat(index, format) && DateUtil.isValidExcelDate(v)) {
                rows.date(column, DateUtil.getLocalDateTime(v, date1904), format);
                return;
            }
        }
        rows.number(column, v);
    }
}
