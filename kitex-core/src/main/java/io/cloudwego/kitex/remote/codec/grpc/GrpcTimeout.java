package io.cloudwego.kitex.remote.codec.grpc;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/** The {@code grpc-timeout} header: at most 8 digits followed by a unit (H, M, S, m, u, n). */
public final class GrpcTimeout {
    private static final long MAX_VALUE = 99_999_999L;
    private static final char[] UNITS = {'n', 'u', 'm', 'S', 'M', 'H'};
    private static final long[] UNIT_NANOS = {1L, 1_000L, 1_000_000L, 1_000_000_000L, 60_000_000_000L,
        3_600_000_000_000L};
    private static final ChronoUnit[] CHRONO_UNITS = {ChronoUnit.NANOS, ChronoUnit.MICROS, ChronoUnit.MILLIS,
        ChronoUnit.SECONDS, ChronoUnit.MINUTES, ChronoUnit.HOURS};

    private GrpcTimeout() {
    }

    /**
     * {@code timeout} in the finest unit that fits 8 digits, rounded up so that the peer never gets
     * a shorter deadline; negative timeouts encode as {@code 0n}, and timeouts beyond 8 digits of
     * hours as the largest value.
     */
    public static String encode(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            return "0n";
        }
        if (timeout.getSeconds() < 1_000_000_000L) {
            long nanos = timeout.toNanos();
            for (int i = 0; i < 3; i++) {
                long value = ceilDiv(nanos, UNIT_NANOS[i]);
                if (value <= MAX_VALUE) {
                    return Long.toString(value) + UNITS[i];
                }
            }
        }
        long seconds = timeout.getSeconds() + (timeout.getNano() == 0 ? 0 : 1);
        for (int i = 3; i < UNITS.length; i++) {
            long value = ceilDiv(seconds, UNIT_NANOS[i] / UNIT_NANOS[3]);
            if (value <= MAX_VALUE) {
                return Long.toString(value) + UNITS[i];
            }
        }
        return Long.toString(MAX_VALUE) + 'H';
    }

    private static long ceilDiv(long value, long divisor) {
        return value / divisor + (value % divisor == 0 ? 0 : 1);
    }

    /**
     * The duration a {@code grpc-timeout} value gives.
     *
     * @throws IllegalArgumentException if the value is not 1 to 8 digits and a unit
     */
    public static Duration decode(CharSequence value) {
        int length = value.length();
        if (length < 2 || length > 9) {
            throw new IllegalArgumentException("grpc-timeout must be 1 to 8 digits and a unit: " + value);
        }
        long amount = 0;
        for (int i = 0; i < length - 1; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("grpc-timeout must be 1 to 8 digits and a unit: " + value);
            }
            amount = amount * 10 + (c - '0');
        }
        char unit = value.charAt(length - 1);
        for (int i = 0; i < UNITS.length; i++) {
            if (UNITS[i] == unit) {
                return Duration.of(amount, CHRONO_UNITS[i]);
            }
        }
        throw new IllegalArgumentException("grpc-timeout unit must be one of H, M, S, m, u, n: " + value);
    }
}
