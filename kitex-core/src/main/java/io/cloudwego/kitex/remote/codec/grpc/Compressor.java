package io.cloudwego.kitex.remote.codec.grpc;

import io.cloudwego.kitex.errors.GrpcStatusException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A gRPC message encoding, named in {@code grpc-encoding}: {@link #IDENTITY} (none) or {@link #GZIP}.
 * Neither method releases its input; each returns a new buffer the caller owns.
 */
public interface Compressor {

    /** No compression. */
    Compressor IDENTITY = new Compressor() {
        @Override
        public String name() {
            return "identity";
        }

        @Override
        public ByteBuf compress(ByteBufAllocator alloc, ByteBuf in) {
            return in.retainedSlice();
        }

        @Override
        public ByteBuf decompress(ByteBufAllocator alloc, ByteBuf in, int maxSize) {
            if (in.readableBytes() > maxSize) {
                throw tooLarge(maxSize);
            }
            return in.retainedSlice();
        }
    };

    /** gzip (RFC 1952), the one compression Kitex registers. */
    Compressor GZIP = new Compressor() {
        @Override
        public String name() {
            return "gzip";
        }

        @Override
        public ByteBuf compress(ByteBufAllocator alloc, ByteBuf in) {
            ByteBuf out = alloc.buffer(Math.max(64, in.readableBytes() / 2));
            try (GZIPOutputStream gzip = new GZIPOutputStream(new ByteBufOutputStream(out))) {
                in.getBytes(in.readerIndex(), gzip, in.readableBytes());
            } catch (IOException | RuntimeException e) {
                out.release();
                throw e instanceof IOException ? new UncheckedIOException((IOException) e) : (RuntimeException) e;
            }
            return out;
        }

        @Override
        public ByteBuf decompress(ByteBufAllocator alloc, ByteBuf in, int maxSize) {
            ByteBuf out = alloc.buffer(Math.min(maxSize, Math.max(256, in.readableBytes() * 2)));
            try (InputStream gzip = new GZIPInputStream(new ByteBufInputStream(in.duplicate()))) {
                while (true) {
                    int room = maxSize - out.readableBytes();
                    int read = out.writeBytes(gzip, Math.max(1, Math.min(room, 8192)));
                    if (read < 0) {
                        return out;
                    }
                    if (out.readableBytes() > maxSize) {
                        throw tooLarge(maxSize);
                    }
                }
            } catch (IOException e) {
                out.release();
                throw GrpcStatusException.of(GrpcStatus.Code.INTERNAL, "bad gzip message: " + e.getMessage());
            } catch (RuntimeException e) {
                out.release();
                throw e;
            }
        }
    };

    /** The name in {@code grpc-encoding} and {@code grpc-accept-encoding}. */
    String name();

    /** The compressed form of {@code in}'s readable bytes. */
    ByteBuf compress(ByteBufAllocator alloc, ByteBuf in);

    /**
     * The decompressed form of {@code in}'s readable bytes.
     *
     * @throws GrpcStatusException {@code RESOURCE_EXHAUSTED} if it would exceed {@code maxSize}
     *     bytes, {@code INTERNAL} if {@code in} is not in this encoding
     */
    ByteBuf decompress(ByteBufAllocator alloc, ByteBuf in, int maxSize);

    /** The compressor called {@code name} ({@code identity} or {@code gzip}), or {@code null}. */
    static Compressor forName(String name) {
        if (name == null) {
            return null;
        }
        switch (name) {
            case "identity":
                return IDENTITY;
            case "gzip":
                return GZIP;
            default:
                return null;
        }
    }

    private static GrpcStatusException tooLarge(int maxSize) {
        return GrpcStatusException.of(GrpcStatus.Code.RESOURCE_EXHAUSTED,
            "decompressed gRPC message exceeds the maximum message size of " + maxSize + " bytes");
    }
}
