package io.cloudwego.kitex.bench.load;

/**
 * Keeps a fixed number of echo calls in flight against one server until a {@link Window} ends,
 * recording every call into it.
 */
public interface LoadGenerator extends AutoCloseable {

    /** Runs the load through the warm-up and the measured window; returns once the window has ended. */
    void run(Window window) throws Exception;

    /**
     * The process whose CPU time is the client's: this JVM, unless the load comes from another
     * program (h2load).
     */
    default ProcessHandle clientProcess() {
        return ProcessHandle.current();
    }

    @Override
    default void close() throws Exception {
    }
}
