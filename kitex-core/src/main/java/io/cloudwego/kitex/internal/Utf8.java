package io.cloudwego.kitex.internal;

/**
 * UTF-8 lengths for the fast string writers. Netty's {@code ByteBufUtil.writeUtf8} replaces an unpaired
 * surrogate with {@code '?'}, but when a high surrogate is followed by another non-ASCII character it
 * writes that character as one truncated byte (U+D800 then U+4E2D becomes {@code 3f 2d}). Callers
 * encode such strings with {@link String#getBytes(java.nio.charset.Charset)} instead, so every string
 * is written as the JDK writes it: each unpaired surrogate as {@code '?'}, every other character
 * intact. Not public API.
 */
public final class Utf8 {
    /** What {@link #encodedLength} returns for a string Netty's writer would corrupt. */
    public static final int UNPAIRED_SURROGATE = -1;

    private Utf8() {
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
