package io.cloudwego.kitex.bench.load;

/** One blocking echo connection of a system's own client (a libthrift client is one socket, one call at a time). */
public interface BlockingCaller extends AutoCloseable {

    /** Makes one echo call and returns when the echo came back whole; throws otherwise. */
    void call() throws Exception;

    @Override
    void close();
}
