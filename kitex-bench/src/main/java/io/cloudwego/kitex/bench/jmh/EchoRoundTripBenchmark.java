package io.cloudwego.kitex.bench.jmh;

import com.google.protobuf.BytesValue;
import io.cloudwego.kitex.bench.load.Payloads;
import io.cloudwego.kitex.bench.system.GrpcEcho;
import io.cloudwego.kitex.bench.system.GrpcJava;
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
 * per call; the time per call is a latency on an idle loop, not a throughput.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EchoRoundTripBenchmark {
    private static final int PAYLOAD_BYTES = 1024;

    private ServerKind.EchoServer kitexServer;
    private EchoServiceClient kitexClient;
    private EchoRequest kitexRequest;
    private ServerKind.EchoServer grpcServer;
    private ManagedChannel grpcChannel;
    private BytesValue grpcRequest;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        kitexServer = KitexThrift.SERVER.start();
        kitexClient = new EchoServiceClient(EchoServiceClient.builder("echo")
            .addresses("127.0.0.1:" + kitexServer.port())
            .pool(PoolType.MULTIPLEXED)
            .connectTimeout(Duration.ofSeconds(5))
            .build());
        kitexRequest = EchoRequest.builder().message(Payloads.ascii(PAYLOAD_BYTES)).build();
        grpcServer = GrpcJava.SERVER.start();
        grpcChannel = NettyChannelBuilder.forAddress("127.0.0.1", grpcServer.port()).usePlaintext().build();
        grpcRequest = GrpcEcho.request(PAYLOAD_BYTES);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        kitexClient.close();
        kitexServer.close();
        grpcChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        grpcServer.close();
    }

    @Benchmark
    public EchoResponse kitexThrift() {
        return kitexClient.echo(kitexRequest);
    }

    @Benchmark
    public BytesValue grpcJava() {
        return ClientCalls.blockingUnaryCall(grpcChannel, GrpcEcho.METHOD, CallOptions.DEFAULT, grpcRequest);
    }
}
