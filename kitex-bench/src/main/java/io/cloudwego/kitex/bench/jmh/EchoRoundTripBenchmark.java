package io.cloudwego.kitex.bench.jmh;

import com.google.protobuf.BytesValue;
import io.cloudwego.kitex.bench.load.Payloads;
import io.cloudwego.kitex.bench.system.GrpcEcho;
import io.cloudwego.kitex.bench.system.KitexThrift;
import io.cloudwego.kitex.bench.system.ServerKind;
import io.cloudwego.kitex.bench.thrift.EchoRequest;
import io.cloudwego.kitex.bench.thrift.EchoResponse;
import io.cloudwego.kitex.bench.thrift.EchoServiceClient;
import io.cloudwego.kitex.client.PoolType;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A whole 1 KiB echo round trip, client and server in this JVM on 127.0.0.1, one call at a time:
 * kitex-java Thrift (TTHeaderFramed, multiplexed pool) and grpc-java, both as the load runner
 * builds them. With {@code -prof gc}, {@code gc.alloc.rate.norm} is the bytes both sides allocate
 * per call; the time per call is a latency on an idle loop, not a throughput. Each benchmark starts
 * only its own server and client.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EchoRoundTripBenchmark {
    private static final int PAYLOAD_BYTES = 1024;

    /** A kitex-java server and a client of it. */
    @State(Scope.Benchmark)
    public static class Kitex {
        ServerKind.EchoServer server;
        EchoServiceClient client;
        EchoRequest request;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            server = KitexThrift.SERVER.start();
            client = new EchoServiceClient(EchoServiceClient.builder("echo")
                .addresses("127.0.0.1:" + server.port())
                .pool(PoolType.MULTIPLEXED)
                .connectTimeout(Duration.ofSeconds(5))
                .build());
            request = EchoRequest.builder().message(Payloads.ascii(PAYLOAD_BYTES)).build();
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            client.close();
            server.close();
        }
    }

    /** A grpc-java server and a channel to it. */
    @State(Scope.Benchmark)
    public static class GrpcJava {
        ServerKind.EchoServer server;
        ManagedChannel channel;
        BytesValue request;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            server = io.cloudwego.kitex.bench.system.GrpcJava.SERVER.start();
            channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
            request = GrpcEcho.request(PAYLOAD_BYTES);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            server.close();
        }
    }

    @Benchmark
    public EchoResponse kitexThrift(Kitex kitex) {
        return kitex.client.echo(kitex.request);
    }

    @Benchmark
    public BytesValue grpcJava(GrpcJava grpc) {
        return ClientCalls.blockingUnaryCall(grpc.channel, GrpcEcho.METHOD, CallOptions.DEFAULT, grpc.request);
    }
}
