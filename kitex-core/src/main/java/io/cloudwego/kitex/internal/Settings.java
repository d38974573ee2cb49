package io.cloudwego.kitex.internal;

import java.time.Duration;

/** Checks of builder settings that name the setting they reject. Not public API. */
public final class Settings {
    private Settings() {
    }

    /** {@code value}, which must be more than zero. */
    public static Duration positive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
        return value;
    }

    /** {@code value}, which must be zero or more. */
    public static Duration zeroOrPositive(Duration value, String name) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be zero or positive: " + value);
        }
        return value;
    }

    /** {@code value}, which must be at least {@code min}. */
    public static int atLeast(int value, int min, String name) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ": " + value);
        }
        return value;
    }

    /** {@code value}, which must be from {@code min} to {@code max}. */
    public static int between(int value, int min, int max, String name) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be from " + min + " to " + max + ": " + value);
        }
        return value;
    }
}
