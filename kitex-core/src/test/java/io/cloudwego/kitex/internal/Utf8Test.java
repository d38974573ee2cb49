package io.cloudwego.kitex.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class Utf8Test {
    /** ASCII, two- and three-byte characters, both surrogate halves and a valid pair, mixed at random. */
    private static final String[] PIECES = {"a", "é", "中", "\uD83D\uDE00", "\uD800", "\uDC00", "\uFFFF", "\u07FF", "\u0800"};

    @Test
    void lengthIsTheJdkEncodingLengthOrFlagsAnUnpairedSurrogate() {
        Random random = new Random(42);
        for (int round = 0; round < 20_000; round++) {
            StringBuilder value = new StringBuilder();
            for (int i = random.nextInt(6); i > 0; i--) {
                value.append(PIECES[random.nextInt(PIECES.length)]);
            }
            String s = value.toString();
            boolean unpaired = hasUnpairedSurrogate(s);
            int expected = unpaired ? Utf8.UNPAIRED_SURROGATE : s.getBytes(StandardCharsets.UTF_8).length;
            assertThat(Utf8.encodedLength(s)).as("%s", s.chars().mapToObj(Integer::toHexString).toList())
                .isEqualTo(expected);
        }
    }

    private static boolean hasUnpairedSurrogate(String s) {
        return !s.codePoints().allMatch(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE);
    }

    @Test
    void decodesLikeTheJdkFromDirectAndHeapBuffersOfEverySize() {
        List<byte[]> inputs = new ArrayList<>();
        Random random = new Random(7);
        for (int length : new int[] {0, 1, 255, 256, 257, 1000, 5000, Utf8.MAX_SCRATCH_BYTES, Utf8.MAX_SCRATCH_BYTES + 1, 40_000}) {
            StringBuilder value = new StringBuilder();
            while (value.length() < length) {
                value.append(PIECES[random.nextInt(PIECES.length)]);
            }
            inputs.add(value.toString().getBytes(StandardCharsets.UTF_8));
        }
        inputs.add(new byte[] {'a', (byte) 0xC3, 'b', (byte) 0xFF, (byte) 0xE4, (byte) 0xB8});
        // Decoding a long string then a short one reuses the scratch array: the short one must not see the leftovers.
        inputs.add("short".getBytes(StandardCharsets.UTF_8));
        for (byte[] bytes : inputs) {
            String expected = new String(bytes, StandardCharsets.UTF_8);
            ByteBuf direct = PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length + 3);
            ByteBuf heap = Unpooled.buffer(bytes.length + 3);
            try {
                direct.writeBytes(new byte[] {1, 2, 3}).writeBytes(bytes);
                heap.writeBytes(new byte[] {1, 2, 3}).writeBytes(bytes);
                assertThat(Utf8.decode(direct, 3, bytes.length)).isEqualTo(expected);
                assertThat(Utf8.decode(heap.slice(3, bytes.length), 0, bytes.length)).isEqualTo(expected);
                assertThat(direct.readerIndex()).isZero();
            } finally {
                direct.release();
                heap.release();
            }
        }
    }

    @Test
    void decodesOnNettyThreads() throws InterruptedException {
        byte[] bytes = "h\u00e9llo \u4e2d".getBytes(StandardCharsets.UTF_8);
        AtomicReference<String> decoded = new AtomicReference<>();
        Thread thread = new FastThreadLocalThread(() -> {
            ByteBuf direct = PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(bytes);
            try {
                decoded.set(Utf8.decode(direct, 0, bytes.length));
            } finally {
                direct.release();
            }
        });
        thread.start();
        thread.join();
        assertThat(decoded.get()).isEqualTo("h\u00e9llo \u4e2d");
    }
}
