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
 * {@code name.csv.gz} is read as the format its inner extension names ({@link #formatName}).
 */
public final class DataFiles {
    private static final int BUFFER = 1 << 16;

    private DataFiles() {}

    /** The file's bytes, decompressed when it is gzip. */
    public static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER);
        in.mark(2);
        int first = in.read(), second = in.read();
        in.reset();
        return first == 0x1f && second == 0x8b ? new BufferedInputStream(new Gunzip(in), BUFFER) : in;
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

    /** The file's name in lower case without a trailing .gz: what its extension says the format is. */
    public static String formatName(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
    }
}
