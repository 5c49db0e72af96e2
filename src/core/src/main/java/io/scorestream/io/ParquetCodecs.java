package io.scorestream.io;

import io.airlift.compress.Compressor;
import io.airlift.compress.Decompressor;
import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.snappy.SnappyCompressor;
import io.airlift.compress.snappy.SnappyDecompressor;
import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Parquet's page codecs without Hadoop: parquet-java's own factory builds Hadoop codecs and a
 * Hadoop Configuration (which needs the 30 MB Hadoop client runtime), so the codecs public files
 * use are done here instead: SNAPPY, ZSTD and LZ4_RAW (raw blocks, aircompressor's pure Java),
 * GZIP (java.util.zip) and UNCOMPRESSED. LZO, BROTLI and the old Hadoop-framed LZ4 are refused by
 * name ({@link UnsupportedCodec}). Both directions: the writer's half lets tests (and a later
 * Parquet output) write files without Hadoop either.
 */
final class ParquetCodecs implements CompressionCodecFactory {
    /** A page compressed with a codec this reader does not have. */
    static final class UnsupportedCodec extends IOException {
        UnsupportedCodec(CompressionCodecName codec) {
            super("its pages are compressed with " + codec + ", which is not read here (SNAPPY, ZSTD, GZIP, LZ4_RAW and uncompressed are)");
        }
    }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        return new BytesInputCompressor() {
            @Override
            public BytesInput compress(BytesInput bytes) throws IOException {
                byte[] in = bytes.toByteArray();
                return switch (codec) {
                    case UNCOMPRESSED -> BytesInput.from(in);
                    case GZIP -> BytesInput.from(gzip(in));
                    case SNAPPY -> compressed(new SnappyCompressor(), in);
                    case ZSTD -> compressed(new ZstdCompressor(), in);
                    case LZ4_RAW -> compressed(new Lz4Compressor(), in);
                    default -> throw new UnsupportedCodec(codec);
                };
            }

            @Override
            public CompressionCodecName getCodecName() {
                return codec;
            }

            @Override
            public void release() {}
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        return new BytesInputDecompressor() {
            @Override
            public BytesInput decompress(BytesInput bytes, int size) throws IOException {
                return BytesInput.from(decompressed(codec, bytes.toByteArray(), size));
            }

            @Override
            public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int size) throws IOException {
                byte[] in = new byte[compressedSize];
                input.get(in);
                output.put(decompressed(codec, in, size));
            }

            @Override
            public void release() {}
        };
    }

    @Override
    public void release() {}

    /** One page's bytes, exactly size of them: a page that decompresses to another size is corrupt. */
    private static byte[] decompressed(CompressionCodecName codec, byte[] in, int size) throws IOException {
        if (size == 0) return new byte[0];   // an empty page (data page v2 writes one compressed to nothing)
        try {
            return switch (codec) {
                case UNCOMPRESSED -> in;
                case GZIP -> gunzip(in, size);
                case SNAPPY -> decompressed(new SnappyDecompressor(), in, size);
                case ZSTD -> decompressed(new ZstdDecompressor(), in, size);
                case LZ4_RAW -> decompressed(new Lz4Decompressor(), in, size);
                default -> throw new UnsupportedCodec(codec);
            };
        } catch (RuntimeException e) {   // aircompressor's MalformedInputException, or an index out of bounds on a cut block
            throw new IOException("a " + codec + " page does not decompress (" + e.getMessage() + ")", e);
        }
    }

    private static byte[] decompressed(Decompressor codec, byte[] in, int size) throws IOException {
        byte[] out = new byte[size];
        int n = codec.decompress(in, 0, in.length, out, 0, size);
        if (n != size) throw new IOException("a page decompresses to " + n + " bytes, not the " + size + " its header says");
        return out;
    }

    private static byte[] gunzip(byte[] in, int size) throws IOException {
        try (InputStream gz = new GZIPInputStream(new java.io.ByteArrayInputStream(in))) {
            byte[] out = gz.readNBytes(size);
            if (out.length != size || gz.read() >= 0) throw new IOException("a GZIP page does not decompress to the " + size + " bytes its header says");
            return out;
        }
    }

    private static BytesInput compressed(Compressor codec, byte[] in) {
        byte[] out = new byte[codec.maxCompressedLength(in.length)];
        int n = codec.compress(in, 0, in.length, out, 0, out.length);
        return BytesInput.from(out, 0, n);
    }

    private static byte[] gzip(byte[] in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length / 2 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(in);
        }
        return out.toByteArray();
    }
}
