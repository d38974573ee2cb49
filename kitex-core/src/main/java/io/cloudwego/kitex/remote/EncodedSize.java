package io.cloudwego.kitex.remote;

/**
 * The size of the messages of one kind lately encoded (the requests of a method, say), as the first
 * capacity of the next one's buffer, so that a message of a steady size is written with no buffer
 * growing and copying on the way. It follows a larger message at once and a smaller one halfway.
 * Shared by threads without synchronization: a stale value is only a worse guess.
 */
public final class EncodedSize {
    /** The first guess, and the least capacity asked for. */
    static final int MIN_CAPACITY = 256;

    private int expected = MIN_CAPACITY;

    /** The capacity to allocate for the next message. */
    public int expected() {
        return expected;
    }

    /** Notes that a message of {@code bytes} was encoded. */
    public void record(int bytes) {
        int current = expected;
        int next = bytes >= current ? bytes : Math.max(MIN_CAPACITY, (current + bytes) >>> 1);
        if (next != current) {
            expected = next;
        }
    }
}
