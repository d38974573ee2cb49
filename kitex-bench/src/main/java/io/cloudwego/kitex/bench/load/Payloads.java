package io.cloudwego.kitex.bench.load;

/** The echo payloads, alike for every system: ASCII text of an exact size. */
public final class Payloads {
    private Payloads() {
    }

    /** {@code bytes} ASCII letters (one byte each in UTF-8), not all the same. */
    public static String ascii(int bytes) {
        StringBuilder text = new StringBuilder(bytes);
        for (int i = 0; i < bytes; i++) {
            text.append((char) ('a' + i % 26));
        }
        return text.toString();
    }
}
