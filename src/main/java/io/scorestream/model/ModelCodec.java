package io.scorestream.model;

import io.scorestream.features.CellFeatureMap;
import io.scorestream.features.HermiteBasis;
import io.scorestream.partition.Partition;
import io.scorestream.schedule.TimeGrid;
import org.ejml.data.DMatrixRMaj;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * The binary form of a {@link ScoreModel}: magic "SCSTMODL", a format version, the payload, and a
 * CRC-32C of everything before it. A reader refuses another version or a bad checksum with a
 * message that says which, so a truncated or bit-flipped file can never load as a wrong model.
 */
public final class ModelCodec {
    public static final int FORMAT_VERSION = 1;
    private static final byte[] MAGIC = "SCSTMODL".getBytes(StandardCharsets.US_ASCII);

    private ModelCodec() {}

    /** Thrown for a file that is not a readable model of this format version. */
    public static final class InvalidModelException extends RuntimeException {
        public InvalidModelException(String message) { super(message); }
    }

    public static byte[] encode(ScoreModel model) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        try {
            encode(model, bytes);
        } catch (IOException e) {
            throw new IllegalStateException("in-memory write failed", e);
        }
        return bytes.toByteArray();
    }

    /** Writes the model to sink (buffered here; the caller closes sink). */
    public static void encode(ScoreModel model, OutputStream sink) throws IOException {
        CRC32C crc = new CRC32C();
        BufferedOutputStream buffered = new BufferedOutputStream(sink, 1 << 16);
        DataOutputStream out = new DataOutputStream(new CheckedOutputStream(buffered, crc));
        {
            out.write(MAGIC);
            out.writeInt(FORMAT_VERSION);
            ModelInfo info = model.info();
            out.writeLong(info.version());
            out.writeLong(info.samplesAbsorbed());
            out.writeLong(info.partitionVersion());
            out.writeLong(info.createdAtMillis());
            out.writeUTF(info.description());
            int d = model.dimension();
            out.writeInt(d);
            writeArray(out, model.standardiser().mean());
            writeArray(out, model.standardiser().scale());
            out.writeUTF(model.schedule().name());
            out.writeInt(model.levelCount());
            writeArray(out, model.schedule().times());
            HermiteBasis basis = model.level(0).structure().features()[0].basis();
            out.writeInt(basis.rank());
            out.writeInt(basis.degree());
            for (int j = 0; j < model.levelCount(); j++) {
                LevelModel level = model.level(j);
                LevelStructure s = level.structure();
                out.writeInt(s.cells());
                writeArray(out, s.partition().centres().data);
                for (int c = 0; c < s.cells(); c++) {
                    CellFeatureMap map = s.features()[c];
                    writeArray(out, map.centre());
                    writeArray(out, map.directions().data);
                    writeArray(out, map.scales());
                    writeArray(out, level.coefficients(c).data);
                }
            }
            out.flush();
            new DataOutputStream(buffered).writeLong(crc.getValue());
            buffered.flush();
        }
    }

    /** Decodes a model; source names the file in error messages. */
    public static ScoreModel decode(byte[] bytes, String source) {
        if (bytes.length < MAGIC.length + 4 + 8) throw new InvalidModelException(source + ": not a ScoreStream model (file too short: " + bytes.length + " bytes)");
        for (int i = 0; i < MAGIC.length; i++)
            if (bytes[i] != MAGIC[i]) throw new InvalidModelException(source + ": not a ScoreStream model (bad magic bytes)");
        int version = ByteBuffer.wrap(bytes, MAGIC.length, 4).getInt();
        if (version != FORMAT_VERSION)
            throw new InvalidModelException(source + ": model format version " + version + " is not supported (this build reads version " + FORMAT_VERSION + ")");
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 8);
        long stored = ByteBuffer.wrap(bytes, bytes.length - 8, 8).getLong();
        if (stored != crc.getValue())
            throw new InvalidModelException(source + ": checksum mismatch, the model file is corrupt or truncated");
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, MAGIC.length + 4, bytes.length - MAGIC.length - 12));
            ModelInfo info = new ModelInfo(in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readUTF());
            int d = in.readInt();
            Standardiser standardiser = new Standardiser(readArray(in, d), readArray(in, d));
            String scheduleName = in.readUTF();
            int levels = in.readInt();
            TimeGrid schedule = new TimeGrid(scheduleName, readArray(in, levels));
            HermiteBasis basis = new HermiteBasis(in.readInt(), in.readInt());
            int r = basis.rank(), p = CellFeatureMap.size(d, basis);
            LevelModel[] models = new LevelModel[levels];
            for (int j = 0; j < levels; j++) {
                int k = in.readInt();
                Partition partition = new Partition(DMatrixRMaj.wrap(k, d, readArray(in, k * d)));
                CellFeatureMap[] maps = new CellFeatureMap[k];
                DMatrixRMaj[] coefficients = new DMatrixRMaj[k];
                for (int c = 0; c < k; c++) {
                    double[] centre = readArray(in, d);
                    DMatrixRMaj directions = DMatrixRMaj.wrap(r, d, readArray(in, r * d));
                    maps[c] = new CellFeatureMap(centre, directions, readArray(in, r), basis);
                    coefficients[c] = DMatrixRMaj.wrap(p, d, readArray(in, p * d));
                }
                models[j] = new LevelModel(new LevelStructure(schedule.time(j), partition, maps), coefficients);
            }
            if (in.available() != 0) throw new InvalidModelException(source + ": " + in.available() + " unexpected bytes after the model");
            return new ScoreModel(schedule, standardiser, models, info);
        } catch (EOFException e) {
            throw new InvalidModelException(source + ": model file ends early");
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidModelException(source + ": invalid model contents (" + e.getMessage() + ")");
        }
    }

    private static void writeArray(DataOutputStream out, double[] values) throws IOException {
        out.writeInt(values.length);
        for (double v : values) out.writeDouble(v);
    }

    private static double[] readArray(DataInputStream in, int expected) throws IOException {
        int length = in.readInt();
        if (length != expected) throw new IOException("array of " + length + " values where " + expected + " were expected");
        double[] v = new double[length];
        for (int i = 0; i < length; i++) v[i] = in.readDouble();
        return v;
    }
}
