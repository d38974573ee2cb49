package io.cloudwego.kitex.internal;

/**
 * Guards the fast UTF-8 writers. Netty's {@code ByteBufUtil.writeUtf8} replaces an unpaired surrogate
 * with {@code '?'}, but when a high surrogate is followed by another non-ASCII character it writes that
 * character as one truncated byte (U+D800 then U+4E2D becomes {@code 3f 2d}). Callers encode such
 * strings with {@link String#getBytes(java.nio.charset.Charset)} instead, so every string is written as
 * the JDK writes it: each unpaired surrogate as {@code '?'}, every other character intact. Not public API.
 */
public final class Utf8 {
    private Utf8() {
    }

    /** Whether {@code value} holds a surrogate that is not part of a high-low pair. */
    public static boolean hasUnpairedSurrogate(CharSequence value) {
        int length = value.length();
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                } else {
                    return true;
                }
            }
        }
        return false;
    }
}
