package io.scorestream.io;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Opens a data file for reading, gzip-compressed or not: public data often ships as
 * {@code .csv.gz} (Debian's packages, R's and statsmodels' data sets). A file is taken as gzip by
 * its first two bytes (1f 8b), not by its name, so a compressed file under any name reads, and
 * {@code name.csv.gz} is read as the format its inner extension names ({@link #formatName}). A zip
 * archive of one file is read as that file ({@code mtcars.csv.zip}); bzip2, xz and zstd are named,
 * not read (Java has no decoder of its own for them).
 */
public final class DataFiles {
    private static final int BUFFER = 1 << 16;

    private DataFiles() {}

    /** The file's bytes, decompressed when it is gzip; a zip archive's one file when it holds one ({@link #onlyEntry}). */
    public static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER);
        in.mark(4);
        byte[] head = in.readNBytes(4);
        in.reset();
        if (startsWith(head, 0x1f, 0x8b)) return FrontMatter.blanked(new BufferedInputStream(new Gunzip(in), BUFFER));
        if (startsWith(head, 0x50, 0x4b, 0x03, 0x04)) {
            InputStream entry = onlyEntry(file);
            if (entry != null) {
                in.close();
                return FrontMatter.blanked(new BufferedInputStream(entry, BUFFER));
            }
        }
        return FrontMatter.blanked(in);
    }

    /**
     * A CSVY file's YAML header (rio's example.csvy, the csvy.org convention: a "---" line, YAML
     * naming the fields, a "---" line, then the CSV) read as blank lines, which every reader skips
     * above the first row, so the header's line and every row's keep their numbers. It was refused
     * as "has no column to learn: every column holds free text or dates (name: my-dataset)".
     */
    private static final class FrontMatter extends InputStream {
        private final InputStream in;
        private boolean inside = true;
        private boolean firstLine = true;
        private final StringBuilder line = new StringBuilder();

        private FrontMatter(InputStream in) {
            this.in = in;
        }

        /** The stream with a front matter opening it blanked, else the stream itself (as it was: nothing read). */
        static InputStream blanked(InputStream in) throws IOException {
            in.mark(1024);
            byte[] head = in.readNBytes(1024);
            in.reset();
            boolean opens = startsWith(head, '-', '-', '-', '\n') || startsWith(head, '-', '-', '-', '\r', '\n');
            return opens && yamlKeyFollows(head) ? new FrontMatter(in) : in;
        }

        /**
         * Whether the line after the opening "---" is a YAML key ({@code name: my-dataset},
         * {@code fields:}): a rule line of three dashes above a one-column table's header
         * ({@code ---}, {@code age}, {@code ---}) is no front matter, and its header is kept.
         */
        private static boolean yamlKeyFollows(byte[] head) {
            String text = new String(head, StandardCharsets.ISO_8859_1);
            int start = text.indexOf('\n') + 1, end = text.indexOf('\n', start);
            String line = (end < 0 ? text.substring(start) : text.substring(start, end)).strip();
            return line.matches("[A-Za-z_][\\w .-]*:( .*)?");
        }

        @Override
        public int read() throws IOException {
            if (!inside) return in.read();
            for (int b = in.read(); b >= 0; b = in.read()) {
                if (b == '\n') {
                    String text = line.toString().strip();
                    if (!firstLine && (text.equals("---") || text.equals("..."))) inside = false;
                    firstLine = false;
                    line.setLength(0);
                    return '\n';
                }
                if (line.length() < 8) line.append((char) b);
            }
            return -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (!inside) return in.read(buffer, offset, length);
            if (length == 0) return 0;
            int b = read();
            if (b < 0) return -1;
            buffer[offset] = (byte) b;
            return 1;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** What a zip archive of several files is, by its entries: an Excel binary workbook, an OpenDocument spreadsheet, or an archive to unpack. */
    private static String zipContents(Path file) {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
            if (zip.getEntry("xl/workbook.bin") != null) return "an Excel binary workbook (.xlsb), " + READ + ": save it as .xlsx or CSV";
            java.util.zip.ZipEntry mimetype = zip.getEntry("mimetype");
            if (mimetype != null && mimetype.getSize() < 200) {
                try (InputStream in = zip.getInputStream(mimetype)) {
                    String type = new String(in.readNBytes(200), java.nio.charset.StandardCharsets.US_ASCII);
                    if (type.startsWith("application/vnd.oasis.opendocument.spreadsheet"))
                        return "an OpenDocument spreadsheet (.ods, LibreOffice's), " + READ + ": save it as .xlsx or CSV";
                }
            }
        } catch (IOException | RuntimeException e) {
            // a damaged archive: named as any zip archive below
        }
        return "a zip archive of several files, " + READ + ": unpack the one to read";
    }

    /**
     * The one file a zip archive holds ({@code mtcars.csv.zip}, as pandas writes and reads a
     * compressed CSV, and R packages ship them), or null for an archive of several (an .xlsx
     * workbook, which {@link #foreignFormat} names) or one Java cannot open. A folder entry and
     * macOS's {@code __MACOSX/} resource files are not files of the data.
     */
    private static InputStream onlyEntry(Path file) throws IOException {
        java.util.zip.ZipFile zip;
        try {
            zip = new java.util.zip.ZipFile(file.toFile());
        } catch (java.util.zip.ZipException | UnsupportedOperationException notOne) {
            return null;
        }
        java.util.List<? extends java.util.zip.ZipEntry> files = zip.stream()
                .filter(e -> !e.isDirectory() && !e.getName().startsWith("__MACOSX/")).limit(2).toList();
        if (files.size() != 1) {
            zip.close();
            return null;
        }
        return new java.io.FilterInputStream(zip.getInputStream(files.get(0))) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    zip.close();
                }
            }
        };
    }

    /** GZIPInputStream whose failures say what they mean to someone who gave us the file. */
    private static final class Gunzip extends java.io.FilterInputStream {
        Gunzip(InputStream compressed) throws IOException {
            super(gzip(compressed));
        }

        private static InputStream gzip(InputStream in) throws IOException {
            try {
                return new GZIPInputStream(in, BUFFER);
            } catch (java.util.zip.ZipException | java.io.EOFException e) {
                throw explained(e);
            }
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (java.util.zip.ZipException | java.io.EOFException e) {
                throw explained(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (java.util.zip.ZipException | java.io.EOFException e) {
                throw explained(e);
            }
        }

        private static IOException explained(IOException e) {
            return new IOException(e instanceof java.io.EOFException ? "the gzip data ends early (a truncated file?)" : "corrupt gzip data (" + e.getMessage() + ")", e);
        }
    }

    /** The file as UTF-8 text, refusing bytes that are not (a CharacterCodingException), as Files.newBufferedReader does. */
    public static BufferedReader openText(Path file) throws IOException {
        return openText(file, StandardCharsets.UTF_8);
    }

    /** The file as text in charset, refusing bytes that are not of it. */
    public static BufferedReader openText(Path file, java.nio.charset.Charset charset) throws IOException {
        return new BufferedReader(new InputStreamReader(open(file), charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)), BUFFER);
    }

    /**
     * Whether a file that is not UTF-8 may be read as ISO-8859-1 (Latin-1), as many European
     * spreadsheets and open-data portals still export: no NUL byte in its first 64 KiB (UTF-16,
     * which a spreadsheet's "Unicode text" is, has one in every ASCII character).
     */
    public static boolean mayBeLatin1(Path file) {
        try (InputStream in = open(file)) {
            byte[] head = in.readNBytes(BUFFER);
            for (byte b : head) if (b == 0) return false;
            return head.length > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** What fit reads, for the messages naming a format it does not. */
    static final String READ = "which fit does not read (it reads CSV, tab- or semicolon-separated text, JSON Lines or a JSON array, Avro, Parquet, ARFF, libsvm and .xlsx and .xls workbooks)";

    /** What fit does with compression it does not read, for {@link #foreignFormat}. */
    private static final String COMPRESSED = "which fit does not read (it reads gzip, and a zip archive of one file): decompress it, or compress it with gzip";

    /**
     * What a file is when its first bytes say it is a format the readers do not take, in words for
     * the user (with what to do), else null: a spreadsheet workbook, a Parquet or Arrow file, an
     * XML document (gretl's .gdt data). Weka's ARFF, which UCI and OpenML data sets ship in, is
     * read ({@link #isArff}).
     */
    public static String foreignFormat(Path file) {
        byte[] head;
        try (InputStream in = open(file)) {
            head = in.readNBytes(BUFFER);
        } catch (IOException e) {
            return null;
        }
        String what = null;
        if (startsWith(head, 0x50, 0x4b, 0x03, 0x04)) what = zipContents(file);
        else if (startsWith(head, 'B', 'Z', 'h')) what = "bzip2-compressed, " + COMPRESSED;
        else if (startsWith(head, 0xfd, '7', 'z', 'X', 'Z', 0x00)) what = "xz-compressed, " + COMPRESSED;
        else if (startsWith(head, 0x28, 0xb5, 0x2f, 0xfd)) what = "zstd-compressed, " + COMPRESSED;
        else if (startsWith(head, 0xd0, 0xcf, 0x11, 0xe0)) what = "an Office document that is no workbook, " + READ + ": save the table as CSV";
        else if (startsWith(head, 'P', 'A', 'R', '1')) what = "a Parquet file, which fit, eval and report read (this command reads CSV): write the table as CSV";
        else if (startsWith(head, 'A', 'R', 'R', 'O', 'W', '1') || startsWith(head, 'F', 'E', 'A', '1')) what = "an Arrow or Feather file, " + READ + ": write the table as CSV or JSON Lines";
        // Statistics packages' own files, as R packages ship them (haven's iris.sav, .dta,
        // .sas7bdat; pspp's examples; R's saved objects, gzipped, opened above): each was "not valid
        // UTF-8 text" on line 1, as if a CSV file had a bad byte.
        else if (startsWith(head, '$', 'F', 'L', '2') || startsWith(head, '$', 'F', 'L', '3')) what = "an SPSS data file (.sav), " + READ + ": save the data as CSV (SPSS, PSPP, or R's haven::read_sav)";
        else if (startsWith(head, '<', 's', 't', 'a', 't', 'a', '_', 'd', 't', 'a', '>')
                || head.length >= 4 && (head[0] & 0xff) >= 0x66 && (head[0] & 0xff) <= 0x73 && (head[1] == 1 || head[1] == 2) && head[2] == 1 && head[3] == 0)
            what = "a Stata data file (.dta), " + READ + ": export the data as CSV (Stata's export delimited, or R's haven::read_dta)";
        else if (head.length >= 32 && startsWith(java.util.Arrays.copyOfRange(head, 12, 32),
                0xc2, 0xea, 0x81, 0x60, 0xb3, 0x14, 0x11, 0xcf, 0xbd, 0x92, 0x08, 0x00, 0x09, 0xc7, 0x31, 0x8c, 0x18, 0x1f, 0x10, 0x11))
            what = "a SAS data set (.sas7bdat), " + READ + ": export it as CSV (SAS's PROC EXPORT, or R's haven::read_sas)";
        else if (startsWith(head, 'R', 'D', 'X', '2', '\n') || startsWith(head, 'R', 'D', 'X', '3', '\n') || startsWith(head, 'R', 'D', 'A', '2', '\n')
                || startsWith(head, 'R', 'D', 'A', '3', '\n') || startsWith(head, 'X', '\n', 0, 0, 0))
            what = "R's saved data (.rds or .RData), " + READ + ": write it from R as CSV (write.csv)";
        else if (startsWith(head, 0x00, 0x00, 0x27, 0x0a)) what = "an ESRI shapefile (.shp), " + READ + ": its attributes are in the .dbf beside it, which ogr2ogr -f CSV writes as CSV";
        else if (head.length >= 32 && ((head[0] & 0xff) == 0x03 || (head[0] & 0xff) == 0x83 || (head[0] & 0xff) == 0x8b || (head[0] & 0xff) == 0xf5)
                && head[2] >= 1 && head[2] <= 12 && head[3] >= 1 && head[3] <= 31 && dbaseHeaderLength(head) % 32 == 1)   // 32 bytes, 32 a field, and 0x0d
            what = "a dBase table (.dbf, a shapefile's attributes, say), " + READ + ": write it as CSV (ogr2ogr -f CSV, or LibreOffice)";
        else {
            String text = new String(head, java.nio.charset.StandardCharsets.ISO_8859_1).stripLeading();
            if (text.startsWith("<?xml") || text.startsWith("<!DOCTYPE")) what = "an XML document (gretl's .gdt data, say), " + READ + ": export the table as CSV";
        }
        return what == null ? null : "is " + what;
    }

    /** A dBase file's header length, bytes 8 and 9 little-endian: 32 bytes, 32 a field, and a terminating byte. */
    private static int dbaseHeaderLength(byte[] head) {
        int length = (head[8] & 0xff) | (head[9] & 0xff) << 8;
        return length >= 65 ? length : 0;
    }

    private static boolean startsWith(byte[] head, int... bytes) {
        if (head.length < bytes.length) return false;
        for (int i = 0; i < bytes.length; i++) if ((head[i] & 0xff) != bytes[i]) return false;
        return true;
    }

    /**
     * Whether the file is Weka's ARFF ({@link ArffFiles}): its first line that is neither blank nor
     * a comment (%) opens with @relation, in any case. Told by its text, not its name, so a
     * {@code .arff.gz} or an OpenML download saved under any name reads as one; the comments above
     * may be long (Weka's credit-g.arff opens with 278 lines of them).
     */
    static boolean isArff(Path file) {
        try (BufferedReader in = openText(file, StandardCharsets.ISO_8859_1)) {
            // Only each line's first characters are kept, and the scan is bounded: a binary file's
            // first "line" may be all of it.
            StringBuilder opening = new StringBuilder();
            boolean first = true;
            for (long budget = 1L << 24; budget > 0; budget--) {
                int c = in.read();
                if (c == '\n' || c < 0) {
                    String line = opening.toString();
                    if (first && line.startsWith("\u00ef\u00bb\u00bf")) line = line.substring(3);   // a UTF-8 byte-order mark, read as Latin-1
                    first = false;
                    opening.setLength(0);
                    line = line.strip();
                    if (!line.isEmpty() && !line.startsWith("%")) return line.regionMatches(true, 0, "@relation", 0, "@relation".length());
                    if (c < 0) return false;
                } else if (opening.length() < 16 && (opening.length() > 0 || !Character.isWhitespace(c))) {
                    opening.append((char) c);
                }
            }
            return false;
        } catch (IOException e) {
            return false;   // the CSV reader names the problem
        }
    }

    /** The file's name in lower case without a trailing .gz or .zip: what its extension says the format is. */
    public static String formatName(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name.endsWith(".zip") ? name.substring(0, name.length() - 4) : name;
    }
}
