package io.cloudwego.kitex.bench.system;

import io.cloudwego.kitex.bench.load.LoadGenerator;
import java.net.InetSocketAddress;

/**
 * One RPC system of the benchmark: an echo server and the system's own client. Adding a system is
 * one class implementing this and one entry in {@link BenchSystems#ALL}.
 *
 * <p>Every server binds 127.0.0.1 on a free port and echoes the request's payload back. A client
 * keeps a number of echo calls of a payload size in flight, usually by handing an
 * {@link io.cloudwego.kitex.bench.load.AsyncCaller} to {@link io.cloudwego.kitex.bench.load.AsyncLoad}.
 */
public interface BenchSystem {

    /** A short, stable name for command lines and CSV: {@code kitex-thrift-multiplexed}. */
    String id();

    /** The name of its rows in tables and charts, its own client against its own server. */
    String label();

    /** The server this system's client calls; systems with the same server share its server-capacity row. */
    ServerKind server();

    /**
     * Its own client against its server at {@code address}, keeping {@code inFlight} calls of a
     * {@code payloadBytes} payload in flight; {@code null} for a system measured by the neutral
     * load generator only.
     */
    LoadGenerator client(InetSocketAddress address, int inFlight, int payloadBytes) throws Exception;
}
