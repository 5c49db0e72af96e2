package io.scorestream.model;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * The envelope of ScoreStream's binary files: 8 magic bytes, a format version, the body, and a
 * CRC-32C of everything before it. A reader refuses a foreign file, another version or a bad
 * checksum with a message that says which, so a truncated or bit-flipped file never loads.
 */
public final class Framing {
    public interface Body { void write(DataOutputStream out) throws IOException; }

    private Framing() {}

    public static void write(OutputStream sink, byte[] magic, int version, Body body) throws IOException {
        CRC32C crc = new CRC32C();
        BufferedOutputStream buffered = new BufferedOutputStream(sink, 1 << 16);
        DataOutputStream out = new DataOutputStream(new CheckedOutputStream(buffered, crc));
        out.write(magic);
        out.writeInt(version);
        body.write(out);
        out.flush();
        new DataOutputStream(buffered).writeLong(crc.getValue());
        buffered.flush();
    }

    /** The body of a checked file; what names the kind of file ("model") in messages. */
    public static DataInputStream read(byte[] bytes, byte[] magic, int version, String what, String source) {
        if (bytes.length < magic.length + 4 + 8)
            throw new ModelCodec.InvalidModelException(source + ": not a ScoreStream " + what + " (file too short: " + bytes.length + " bytes)");
        for (int i = 0; i < magic.length; i++)
            if (bytes[i] != magic[i]) throw new ModelCodec.InvalidModelException(source + ": not a ScoreStream " + what + " (bad magic bytes)");
        int found = ByteBuffer.wrap(bytes, magic.length, 4).getInt();
        if (found != version)
            throw new ModelCodec.InvalidModelException(source + ": " + what + " format version " + found + " is not supported (this build reads version " + version + ")");
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 8);
        if (ByteBuffer.wrap(bytes, bytes.length - 8, 8).getLong() != crc.getValue())
            throw new ModelCodec.InvalidModelException(source + ": checksum mismatch, the " + what + " file is corrupt or truncated");
        return new DataInputStream(new ByteArrayInputStream(bytes, magic.length + 4, bytes.length - magic.length - 12));
    }

    public static void writeArray(DataOutputStream out, double[] values) throws IOException {
        out.writeInt(values.length);
        for (double v : values) out.writeDouble(v);
    }

    /** An array of the expected length, or of any length that fits the rest of the input when expected is −1. */
    public static double[] readArray(DataInputStream in, int expected) throws IOException {
        int length = arrayLength(in, expected);
        // one bulk read: value by value, a 10 MB model took a sizeable share of a short sample run
        byte[] raw = new byte[length * Double.BYTES];
        in.readFully(raw);
        double[] v = new double[length];
        ByteBuffer.wrap(raw).asDoubleBuffer().get(v);   // big-endian, as DataOutputStream wrote it
        return v;
    }

    /** Passes over an array of the expected length, with the checks of {@link #readArray}. */
    public static void skipArray(DataInputStream in, long expected) throws IOException {
        in.skipNBytes((long) arrayLength(in, expected) * Double.BYTES);
    }

    /** The length prefix of an array, checked against the expected length (−1: any) and what is left of the input. */
    private static int arrayLength(DataInputStream in, long expected) throws IOException {
        int length = in.readInt();
        if (expected >= 0 && length != expected) throw new IOException("array of " + length + " values where " + expected + " were expected");
        if (length < 0 || (long) length * Double.BYTES > in.available()) throw new IOException("array of " + length + " values does not fit the input");
        return length;
    }
}
