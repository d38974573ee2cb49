package io.cloudwego.kitex.bench.system;

/** An echo server of the benchmark, and the wire protocol that the neutral load generators speak to it. */
public interface ServerKind {

    /** A short, stable name: {@code kitex-thrift}. */
    String id();

    /** The name of its server-capacity rows: {@code kitex-java Thrift server}. */
    String label();

    /** What it speaks, so which neutral load generator can measure it. */
    Protocol protocol();

    /** Starts the server on 127.0.0.1 and a free port. */
    EchoServer start() throws Exception;

    /** A running echo server. */
    interface EchoServer extends AutoCloseable {
        /** The port it listens on. */
        int port();

        @Override
        void close() throws Exception;
    }

    /** The wire protocols of the servers. */
    enum Protocol {
        /** Framed strict-binary Thrift, {@code EchoService.echo}: loaded by the pipelined Netty client. */
        THRIFT_FRAMED,
        /** Length-prefixed frames echoed as they are: loaded by the pipelined Netty client too. */
        RAW_FRAMED,
        /** gRPC unary {@code /bench.Echo/Echo} over {@code google.protobuf.BytesValue}: loaded by h2load. */
        GRPC
    }
}
