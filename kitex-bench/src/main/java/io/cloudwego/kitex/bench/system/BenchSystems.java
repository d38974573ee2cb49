package io.cloudwego.kitex.bench.system;

import io.cloudwego.kitex.bench.load.H2loadLoad;
import io.cloudwego.kitex.bench.load.LoadGenerator;
import io.cloudwego.kitex.bench.load.PipelinedFramedLoad;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.NoSuchElementException;

/** The systems and servers of a run, and the neutral load generator of each protocol. */
public final class BenchSystems {
    /** Framework against framework: each system's own client against its own server. */
    public static final List<BenchSystem> ALL = List.of(
        KitexThrift.MULTIPLEXED,
        KitexThrift.LONG,
        KitexProtobuf.KITEX_PROTOBUF,
        KitexProtobuf.GRPC,
        GrpcJava.INSTANCE,
        KitexProtobuf.GRPC_CLIENT_TO_GRPC_JAVA,
        Libthrift.INSTANCE);

    /** Server capacity: each server under the neutral load generator of its protocol. */
    public static final List<ServerKind> SERVERS = List.of(
        KitexThrift.SERVER,
        KitexThrift.SERVER_ON_EVENT_LOOP,
        Libthrift.SERVER,
        RawNetty.SERVER,
        KitexProtobuf.SERVER,
        GrpcJava.SERVER);

    private BenchSystems() {
    }

    /** The system named {@code id}. */
    public static BenchSystem system(String id) {
        return ALL.stream().filter(s -> s.id().equals(id)).findFirst()
            .orElseThrow(() -> new NoSuchElementException("no system " + id));
    }

    /** The server named {@code id}. */
    public static ServerKind server(String id) {
        return SERVERS.stream().filter(s -> s.id().equals(id)).findFirst()
            .orElseThrow(() -> new NoSuchElementException("no server " + id));
    }

    /** The neutral load generator of {@code server}'s protocol against it at {@code address}. */
    public static LoadGenerator neutralClient(ServerKind server, InetSocketAddress address, int inFlight, int payloadBytes)
        throws Exception {
        switch (server.protocol()) {
            case THRIFT_FRAMED:
                return new PipelinedFramedLoad(address, inFlight, payloadBytes, PipelinedFramedLoad.Answer.THRIFT_REPLY);
            case RAW_FRAMED:
                return new PipelinedFramedLoad(address, inFlight, payloadBytes, PipelinedFramedLoad.Answer.ECHOED_CALL);
            case GRPC:
                return new H2loadLoad(address, GrpcEcho.PATH, inFlight, GrpcEcho.request(payloadBytes).toByteArray());
            default:
                throw new IllegalArgumentException("no neutral client for " + server.protocol());
        }
    }

    /** What the neutral load generator of {@code protocol} is called in tables. */
    public static String neutralClientName(ServerKind.Protocol protocol) {
        return protocol == ServerKind.Protocol.GRPC ? "h2load" : "pipelined Netty Thrift client";
    }
}
