package io.cloudwego.kitex.bench.system;

import com.google.protobuf.BytesValue;
import io.cloudwego.kitex.bench.load.AsyncLoad;
import io.cloudwego.kitex.bench.load.LoadGenerator;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** grpc-java (Netty transport, its defaults): one channel calling a grpc-java server, the peer to beat. */
public final class GrpcJava implements BenchSystem {
    /** The system. */
    public static final GrpcJava INSTANCE = new GrpcJava();

    /** A grpc-java server (Netty transport, default executor) serving {@link GrpcEcho#METHOD}. */
    public static final ServerKind SERVER = new ServerKind() {
        @Override
        public String id() {
            return "grpc-java";
        }

        @Override
        public String label() {
            return "grpc-java server";
        }

        @Override
        public Protocol protocol() {
            return Protocol.GRPC;
        }

        @Override
        public EchoServer start() throws Exception {
            ServerServiceDefinition service = ServerServiceDefinition.builder(GrpcEcho.SERVICE)
                .addMethod(GrpcEcho.METHOD, ServerCalls.asyncUnaryCall((BytesValue request, StreamObserver<BytesValue> response) -> {
                    response.onNext(GrpcEcho.answer(request));
                    response.onCompleted();
                }))
                .build();
            Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(service)
                .build()
                .start();
            return new EchoServer() {
                @Override
                public int port() {
                    return server.getPort();
                }

                @Override
                public void close() throws InterruptedException {
                    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                }
            };
        }
    };

    private GrpcJava() {
    }

    @Override
    public String id() {
        return "grpc-java";
    }

    @Override
    public String label() {
        return "grpc-java";
    }

    @Override
    public ServerKind server() {
        return SERVER;
    }

    @Override
    public LoadGenerator client(InetSocketAddress address, int inFlight, int payloadBytes) {
        ManagedChannel channel = NettyChannelBuilder.forAddress(address.getHostString(), address.getPort())
            .usePlaintext()
            .build();
        BytesValue request = GrpcEcho.request(payloadBytes);
        return new AsyncLoad(done -> ClientCalls.asyncUnaryCall(channel.newCall(GrpcEcho.METHOD, CallOptions.DEFAULT), request,
            new StreamObserver<>() {
                private int answered = -1;

                @Override
                public void onNext(BytesValue value) {
                    answered = value.getValue().size();
                }

                @Override
                public void onError(Throwable t) {
                    done.complete(t);
                }

                @Override
                public void onCompleted() {
                    done.complete(Echoes.check(answered, payloadBytes));
                }
            }), inFlight, () -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    }
}
