package io.scorestream.stream;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.scorestream.features.HermiteBasis;
import io.scorestream.model.Framing;
import io.scorestream.model.LevelModel;
import io.scorestream.model.LevelStructure;
import io.scorestream.model.ModelCodec;
import io.scorestream.model.ModelStructure;
import io.scorestream.model.ScoreModel;
import io.scorestream.model.StructureCodec;
import io.scorestream.regression.CellStatistics;
import org.ejml.data.DMatrixRMaj;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Jackson mappings of the library types that actor messages carry and that are not beans.
 * Registered with Akka through {@code akka.serialization.jackson.jackson-modules} in
 * {@code reference.conf}.
 *
 * <ul>
 *   <li>{@link DMatrixRMaj}: {@code {rows, cols, data}}, the doubles exact (CBOR float64).</li>
 *   <li>{@link CellStatistics}: {@code {gram, cross, weight, sumSquares, rows}}.</li>
 *   <li>{@link ModelStructure}: bytes of {@link StructureCodec} (no per-cell payload).</li>
 *   <li>{@link LevelModel}: bytes of dimension, basis, time and {@link StructureCodec#writeLevel}
 *       with each cell's coefficients, the per-level layout of model files.</li>
 *   <li>{@link ScoreModel}: bytes of {@link ModelCodec} (checked envelope).</li>
 * </ul>
 * Arrays of these (a band's {@code LevelModel[]}, {@code CellStatistics[][]}) are Jackson arrays
 * of the element mapping. Sizes: a message carrying a whole model or a band's statistics can
 * exceed Artery's default maximum frame size (256 KiB); the cluster deployment has to raise
 * {@code akka.remote.artery.advanced.maximum-frame-size} or use the large-message channel.
 */
public final class ScoreStreamJacksonModule extends SimpleModule {

    /** The wire form of a matrix; only the first rows×cols values of its buffer are sent. */
    public record MatrixForm(int rows, int cols, double[] data) {}

    /** The wire form of one cell's statistics. */
    public record StatisticsForm(DMatrixRMaj gram, DMatrixRMaj cross, double weight, double sumSquares, long rows) {}

    public ScoreStreamJacksonModule() {
        super("ScoreStreamJacksonModule");
        viaForm(DMatrixRMaj.class, MatrixForm.class,
                m -> new MatrixForm(m.numRows, m.numCols, Arrays.copyOf(m.data, m.getNumElements())),
                f -> {
                    if (f.data().length != f.rows() * f.cols())
                        throw new IllegalArgumentException(f.data().length + " values for a " + f.rows() + "x" + f.cols() + " matrix");
                    return DMatrixRMaj.wrap(f.rows(), f.cols(), f.data());
                });
        viaForm(CellStatistics.class, StatisticsForm.class,
                c -> new StatisticsForm(c.gram(), c.cross(), c.weight(), c.sumSquares(), c.rows()),
                f -> CellStatistics.of(f.gram(), f.cross(), f.weight(), f.sumSquares(), f.rows()));
        viaBytes(ModelStructure.class, ScoreStreamJacksonModule::structureBytes, ScoreStreamJacksonModule::structureOf);
        viaBytes(LevelModel.class, ScoreStreamJacksonModule::levelBytes, ScoreStreamJacksonModule::levelOf);
        viaBytes(ScoreModel.class, ModelCodec::encode, b -> ModelCodec.decode(b, "actor message"));
    }

    static byte[] structureBytes(ModelStructure s) {
        return write(out -> StructureCodec.write(out, s, (o, level, cell) -> {}));
    }

    static ModelStructure structureOf(byte[] bytes) {
        return read(bytes, in -> StructureCodec.read(in, (i, level, cell, p, d) -> {}));
    }

    static byte[] levelBytes(LevelModel m) {
        LevelStructure s = m.structure();
        HermiteBasis basis = s.features()[0].basis();
        return write(out -> {
            out.writeInt(s.dimension());
            out.writeInt(basis.rank());
            out.writeInt(basis.degree());
            out.writeDouble(s.time());
            StructureCodec.writeLevel(out, s, 0, (o, level, cell) -> Framing.writeArray(o, m.coefficients(cell).data));
        });
    }

    static LevelModel levelOf(byte[] bytes) {
        return read(bytes, in -> {
            int d = in.readInt();
            HermiteBasis basis = new HermiteBasis(in.readInt(), in.readInt());
            double time = in.readDouble();
            List<DMatrixRMaj> coefficients = new ArrayList<>();
            LevelStructure s = StructureCodec.readLevel(in, time, d, basis, 0,
                    (i, level, cell, p, dim) -> coefficients.add(DMatrixRMaj.wrap(p, dim, Framing.readArray(i, p * dim))));
            return new LevelModel(s, coefficients.toArray(new DMatrixRMaj[0]));
        });
    }

    private interface Writer { void write(DataOutputStream out) throws IOException; }

    private interface Reader<T> { T read(DataInputStream in) throws IOException; }

    private static byte[] write(Writer body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 12);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            body.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory write failed", e);
        }
        return bytes.toByteArray();
    }

    private static <T> T read(byte[] bytes, Reader<T> body) {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        try {
            T value = body.read(in);
            if (in.available() != 0) throw new IllegalArgumentException(in.available() + " unexpected bytes after the value");
            return value;
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid encoded value: " + e.getMessage(), e);
        }
    }

    private <T, F> void viaForm(Class<T> type, Class<F> form, Function<T, F> toForm, Function<F, T> fromForm) {
        addSerializer(type, new StdSerializer<T>(type) {
            @Override public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                provider.findValueSerializer(form).serialize(toForm.apply(value), gen, provider);
            }
        });
        addDeserializer(type, new StdDeserializer<T>(type) {
            @Override public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                return fromForm.apply(ctxt.readValue(p, form));
            }
        });
    }

    private <T> void viaBytes(Class<T> type, Function<T, byte[]> encode, Function<byte[], T> decode) {
        addSerializer(type, new StdSerializer<T>(type) {
            @Override public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeBinary(encode.apply(value));
            }
        });
        addDeserializer(type, new StdDeserializer<T>(type) {
            @Override public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                return decode.apply(p.getBinaryValue());
            }
        });
    }
}
