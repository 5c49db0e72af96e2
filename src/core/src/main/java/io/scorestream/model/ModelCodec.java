package io.scorestream.model;

import org.ejml.data.DMatrixRMaj;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The binary form of a {@link ScoreModel}: the {@link Framing} envelope around the model's
 * provenance, its {@link StructureCodec structure} and each cell's coefficients.
 */
public final class ModelCodec {
    public static final int FORMAT_VERSION = 13;   // 2: the columns section (transforms and value types); 3: soft-cell gates; 4: the subspace split; 5: dequantisation spreads; 6: repeated row values; 7: linear relations; 8: categorical columns' labels; 9: the labels' laws given the other columns; 10: orders among columns; 11: laws from counts for columns of more than 64 labels; 12: columns' significant digits; 13: the labels' additive laws
    private static final byte[] MAGIC = "SCSTMODL".getBytes(StandardCharsets.US_ASCII);

    private ModelCodec() {}

    /** Thrown for a file that is not a readable ScoreStream file of this format version. */
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
        Framing.write(sink, MAGIC, FORMAT_VERSION, out -> {
            ModelInfo info = model.info();
            out.writeLong(info.version());
            out.writeLong(info.samplesAbsorbed());
            out.writeLong(info.partitionVersion());
            out.writeLong(info.createdAtMillis());
            out.writeUTF(info.description());
            StructureCodec.write(out, model.structure(),
                    (o, level, cell) -> Framing.writeArray(o, model.level(level).coefficients(cell).data));
        });
    }

    /** Decodes a model; source names the file in error messages. */
    public static ScoreModel decode(byte[] bytes, String source) {
        DataInputStream in = Framing.read(bytes, MAGIC, FORMAT_VERSION, "model", source);
        try {
            ModelInfo info = readInfo(in);
            java.util.List<DMatrixRMaj> coefficients = new java.util.ArrayList<>();
            ModelStructure structure = StructureCodec.read(in,
                    (i, level, cell, p, d) -> coefficients.add(DMatrixRMaj.wrap(p, d, Framing.readArray(i, p * d))));
            checkEnd(in, source);
            LevelModel[] models = new LevelModel[structure.levelCount()];
            int next = 0;
            for (int j = 0; j < models.length; j++) {
                DMatrixRMaj[] w = new DMatrixRMaj[structure.level(j).cells()];
                for (int c = 0; c < w.length; c++) w[c] = coefficients.get(next++);
                models[j] = new LevelModel(structure.level(j), w);
            }
            return new ScoreModel(structure.schedule(), structure.columns(), structure.split(), models, info, structure.recordSchema());
        } catch (EOFException e) {
            throw new InvalidModelException(source + ": model file ends early");
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidModelException(source + ": invalid model contents (" + e.getMessage() + ")");
        }
    }

    /**
     * The same model as {@link #decode}, with the same checks of the whole file (checksum, every
     * array's length), whose levels are decoded on first use: a sampler that visits 40 of 200
     * levels decodes 40. The model holds bytes until then, so this suits a short run (`sample`),
     * not a long-lived holder of many models.
     */
    public static ScoreModel decodeLazily(byte[] bytes, String source) {
        DataInputStream in = Framing.read(bytes, MAGIC, FORMAT_VERSION, "model", source);
        int end = bytes.length - Long.BYTES;   // the body's end: Framing's checksum follows it
        try {
            ModelInfo info = readInfo(in);
            StructureCodec.Header header = StructureCodec.readHeader(in);
            int levels = header.schedule().size(), r = header.cellDimension();
            int[] starts = new int[levels];
            for (int j = 0; j < levels; j++) {
                starts[j] = end - in.available();
                StructureCodec.skipLevel(in, r, header.basis(), j, (i, level, cell, p, d) -> Framing.skipArray(i, (long) p * d));
            }
            checkEnd(in, source);
            LevelTable table = LevelTable.lazy(levels, j -> decodeLevel(bytes, starts[j], end, header, j, source));
            return new ScoreModel(header.schedule(), header.columns(), header.split(), table, info, header.recordSchema());
        } catch (EOFException e) {
            throw new InvalidModelException(source + ": model file ends early");
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidModelException(source + ": invalid model contents (" + e.getMessage() + ")");
        }
    }

    private static LevelModel decodeLevel(byte[] bytes, int start, int end, StructureCodec.Header header, int j, String source) {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, start, end - start));
        java.util.List<DMatrixRMaj> coefficients = new java.util.ArrayList<>();
        try {
            LevelStructure structure = StructureCodec.readLevel(in, header.schedule().time(j), header.cellDimension(), header.basis(), j,
                    (i, level, cell, p, d) -> coefficients.add(DMatrixRMaj.wrap(p, d, Framing.readArray(i, p * d))));
            return new LevelModel(structure, coefficients.toArray(new DMatrixRMaj[0]));
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidModelException(source + ": invalid model contents at level " + j + " (" + e.getMessage() + ")");
        }
    }

    private static ModelInfo readInfo(DataInputStream in) throws IOException {
        return new ModelInfo(in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readUTF());
    }

    private static void checkEnd(DataInputStream in, String source) throws IOException {
        if (in.available() != 0) throw new InvalidModelException(source + ": " + in.available() + " unexpected bytes after the model");
    }
}
