package io.cloudwego.kitex.bench.system;

import com.google.protobuf.BytesValue;
import io.cloudwego.kitex.bench.load.AsyncLoad;
import io.cloudwego.kitex.bench.load.LoadGenerator;
import io.cloudwego.kitex.client.KitexClient;
import io.cloudwego.kitex.remote.Transport;
import io.cloudwego.kitex.remote.codec.MessageCodec;
import io.cloudwego.kitex.serviceinfo.StreamingMethodDescriptor;
import io.cloudwego.kitex.serviceinfo.ServiceDescriptor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * kitex-java Protobuf: the unary {@code bench.Echo/Echo} of {@link GrpcEcho} called by a KitexClient
 * over Kitex Protobuf (TTHeaderFramed, multiplexed pool) or over gRPC, against a {@link io.cloudwego.kitex.server.KitexServer}, which
 * serves both on its one port.
 */
public final class KitexProtobuf implements BenchSystem {
    /** The echo service, as generated code would describe it. */
    public interface Echo {
        /** Answers {@code request} with its bytes. */
        CompletableFuture<BytesValue> echo(BytesValue request);
    }

    private static final MessageCodec<BytesValue> BYTES = MessageCodec.of(BytesValue.parser());
    private static final StreamingMethodDescriptor<Echo, BytesValue, BytesValue> ECHO =
        StreamingMethodDescriptor.unary(GrpcEcho.SERVICE + "/Echo", BYTES, BYTES, Echo::echo);
    private static final ServiceDescriptor<Echo> DESCRIPTOR = ServiceDescriptor.protobuf(GrpcEcho.SERVICE, Echo.class, ECHO);

    /** A KitexServer serving the echo with its defaults; measured as a gRPC server by h2load. */
    public static final ServerKind SERVER = new ServerKind() {
        @Override
        public String id() {
            return "kitex-grpc";
        }

        @Override
        public String label() {
            return "kitex-java gRPC server";
        }

        @Override
        public Protocol protocol() {
            return Protocol.GRPC;
        }

        @Override
        public EchoServer start() {
            return KitexThrift.startKitexServer(builder -> builder.service(DESCRIPTOR,
                request -> CompletableFuture.completedFuture(GrpcEcho.answer(request))));
        }
    };

    /** Kitex Protobuf over TTHeaderFramed, on the multiplexed pool: Kitex's default for Protobuf services. */
    public static final KitexProtobuf KITEX_PROTOBUF = new KitexProtobuf(Transport.TTHEADER_FRAMED, "kitex-protobuf",
        "kitex-java Kitex Protobuf", SERVER);
    /** gRPC: HTTP/2 connections per instance, a stream per call. */
    public static final KitexProtobuf GRPC = new KitexProtobuf(Transport.GRPC, "kitex-grpc", "kitex-java gRPC", SERVER);
    /**
     * The kitex-java gRPC client against grpc-java's server: set beside grpc-java's own client against
     * the same server, it compares the clients alone.
     */
    public static final KitexProtobuf GRPC_CLIENT_TO_GRPC_JAVA = new KitexProtobuf(Transport.GRPC, "kitex-grpc-client",
        "kitex-java gRPC client → grpc-java server", GrpcJava.SERVER);


    private final Transport transport;
    private final String id;
    private final String label;
    private final ServerKind server;

    private KitexProtobuf(Transport transport, String id, String label, ServerKind server) {
        this.transport = transport;
        this.id = id;
        this.label = label;
        this.server = server;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public ServerKind server() {
        return server;
    }

    @Override
    public LoadGenerator client(InetSocketAddress address, int inFlight, int payloadBytes) {
        KitexClient client = KitexClient.builder("echo", DESCRIPTOR)
            .addresses(address.getHostString() + ":" + address.getPort())
            .transport(transport)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
        BytesValue request = GrpcEcho.request(payloadBytes);
        return new AsyncLoad(done -> client.call(ECHO, request).whenComplete((response, error) ->
            done.complete(error != null ? error : Echoes.check(response.getValue().size(), payloadBytes))),
            inFlight, client);
    }
}
