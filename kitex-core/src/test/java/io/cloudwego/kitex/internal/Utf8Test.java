package io.cloudwego.kitex.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
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
}
