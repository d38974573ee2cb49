package io.cloudwego.kitex.internal;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 decoding straight out of a {@link ByteBuf}, and lengths for the fast string writers. Netty's {@code ByteBufUtil.writeUtf8} replaces an unpaired
 * surrogate with {@code '?'}, but when a high surrogate is followed by another non-ASCII character it
 * writes that character as one truncated byte (U+D800 then U+4E2D becomes {@code 3f 2d}). Callers
 * encode such strings with {@link String#getBytes(java.nio.charset.Charset)} instead, so every string
 * is written as the JDK writes it: each unpaired surrogate as {@code '?'}, every other character
 * intact. Not public API.
 */
public final class Utf8 {
    /** What {@link #encodedLength} returns for a string Netty's writer would corrupt. */
    public static final int UNPAIRED_SURROGATE = -1;

    /** Strings up to this many bytes are decoded through a per-thread scratch array. */
    static final int MAX_SCRATCH_BYTES = 16 * 1024;
    private static final int MIN_SCRATCH_BYTES = 256;

    /**
     * Netty's {@code ByteBuf.toString(index, length, charset)} copies a direct buffer's bytes into a
     * fresh array first unless the thread is a Netty one: every string a handler thread or a caller's
     * thread decodes would cost its length twice.
     */
    private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[MIN_SCRATCH_BYTES];
        }
    };

    private Utf8() {
    }

    /** Decodes the {@code length} bytes of {@code in} at {@code index} as UTF-8; the indexes are left alone. */
    public static String decode(ByteBuf in, int index, int length) {
        if (length == 0) {
            return "";
        }
        if (in.hasArray()) {
            return new String(in.array(), in.arrayOffset() + index, length, StandardCharsets.UTF_8);
        }
        if (length > MAX_SCRATCH_BYTES) {
            return in.toString(index, length, StandardCharsets.UTF_8);
        }
        byte[] scratch = SCRATCH.get();
        if (scratch.length < length) {
            scratch = new byte[Math.min(MAX_SCRATCH_BYTES, Integer.highestOneBit(length - 1) << 1)];
            SCRATCH.set(scratch);
        }
        in.getBytes(index, scratch, 0, length);
        return new String(scratch, 0, length, StandardCharsets.UTF_8);
    }

    /**
     * The number of bytes of {@code value} in UTF-8, or {@link #UNPAIRED_SURROGATE} when it holds a
     * surrogate that is not part of a high-low pair. One pass, so the common case costs no more than
     * Netty's own length count.
     */
    public static int encodedLength(CharSequence value) {
        int length = value.length();
        int bytes = length;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                continue;
            }
            if (c < 0x800) {
                bytes += 1;
            } else if (!Character.isSurrogate(c)) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
                bytes += 2;
                i++;
            } else {
                return UNPAIRED_SURROGATE;
            }
        }
        return bytes;
    }
}
