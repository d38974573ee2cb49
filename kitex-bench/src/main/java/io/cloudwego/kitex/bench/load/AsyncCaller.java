package io.cloudwego.kitex.bench.load;

/** One asynchronous echo call of a system's own client: the one thing a system's client must provide. */
@FunctionalInterface
public interface AsyncCaller {

    /**
     * Starts one echo call and calls {@code done} once when it ends: with {@code null} when the
     * echo came back whole, with the failure otherwise. {@code done} may run on any thread.
     */
    void call(Done done);

    /** How an echo call ended. */
    @FunctionalInterface
    interface Done {
        /** The call ended; {@code error} is {@code null} for a good echo. */
        void complete(Throwable error);
    }
}
