package io.cloudwego.kitex.remote.codec.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudwego.kitex.errors.GrpcStatusException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class CompressorTest {
    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;

    @Test
    void findsCompressorsByName() {
        assertThat(Compressor.forName("gzip")).isSameAs(Compressor.GZIP);
        assertThat(Compressor.forName("identity")).isSameAs(Compressor.IDENTITY);
        assertThat(Compressor.forName("snappy")).isNull();
        assertThat(Compressor.forName(null)).isNull();
    }

    @Test
    void gzipIsStandardGzip() throws IOException {
        byte[] data = new byte[50_000];
        new Random(1).nextBytes(data);
        ByteBuf in = alloc.buffer().writeBytes(data);
        ByteBuf compressed = Compressor.GZIP.compress(alloc, in);
        try {
            byte[] wire = new byte[compressed.readableBytes()];
            compressed.getBytes(compressed.readerIndex(), wire);
            assertThat(new GZIPInputStream(new ByteArrayInputStream(wire)).readAllBytes()).isEqualTo(data);
            ByteBuf back = Compressor.GZIP.decompress(alloc, compressed, data.length);
            try {
                byte[] got = new byte[back.readableBytes()];
                back.readBytes(got);
                assertThat(got).isEqualTo(data);
            } finally {
                back.release();
            }
        } finally {
            in.release();
            compressed.release();
        }
    }

    @Test
    void aZipBombFailsWithResourceExhausted() throws IOException {
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bomb)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 1024; i++) {
                gzip.write(zeros);
            }
        }
        assertThat(bomb.size()).isLessThan(2 << 20);
        ByteBuf in = alloc.buffer().writeBytes(bomb.toByteArray());
        try {
            assertThatThrownBy(() -> Compressor.GZIP.decompress(alloc, in, 4 << 20))
                .isInstanceOfSatisfying(GrpcStatusException.class,
                    e -> assertThat(e.code()).isEqualTo(GrpcStatus.Code.RESOURCE_EXHAUSTED));
        } finally {
            in.release();
        }
    }

    @Test
    void corruptGzipFailsWithInternal() {
        ByteBuf in = alloc.buffer().writeBytes(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
        try {
            assertThatThrownBy(() -> Compressor.GZIP.decompress(alloc, in, 100))
                .isInstanceOfSatisfying(GrpcStatusException.class,
                    e -> assertThat(e.code()).isEqualTo(GrpcStatus.Code.INTERNAL));
        } finally {
            in.release();
        }
    }
}
