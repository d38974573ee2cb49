package io.cloudwego.kitex.bench.system;

import io.cloudwego.kitex.bench.load.AsyncLoad;
import io.cloudwego.kitex.bench.load.LoadGenerator;
import io.cloudwego.kitex.bench.load.Payloads;
import io.cloudwego.kitex.bench.thrift.EchoRequest;
import io.cloudwego.kitex.bench.thrift.EchoResponse;
import io.cloudwego.kitex.bench.thrift.EchoService;
import io.cloudwego.kitex.bench.thrift.EchoServiceClient;
import io.cloudwego.kitex.client.PoolType;
import io.cloudwego.kitex.remote.Transport;
import io.cloudwego.kitex.server.HandlerExecution;
import io.cloudwego.kitex.server.KitexServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;

/** kitex-java Thrift: the generated EchoService client over TTHeaderFramed, with one connection pool, against a KitexServer. */
public final class KitexThrift implements BenchSystem {
    /** The multiplexed pool (two connections, calls matched by sequence id): kitex-java's throughput default. */
    public static final KitexThrift MULTIPLEXED = new KitexThrift(PoolType.MULTIPLEXED);
    /** The long pool: one call per connection at a time, as many connections as calls in flight. */
    public static final KitexThrift LONG = new KitexThrift(PoolType.LONG);

    /** A KitexServer serving EchoService with its defaults: handlers on the handler executor, where they may block. */
    public static final ServerKind SERVER = server(HandlerExecution.EXECUTOR);
    /**
     * A KitexServer serving EchoService with handlers on the connection's I/O thread
     * ({@link HandlerExecution#EVENT_LOOP}), as a handler that never blocks is served best: the
     * framework's own cost per request, with no hand-off between threads.
     */
    public static final ServerKind SERVER_ON_EVENT_LOOP = server(HandlerExecution.EVENT_LOOP);

    private final PoolType pool;

    private static ServerKind server(HandlerExecution execution) {
        boolean onEventLoop = execution == HandlerExecution.EVENT_LOOP;
        return new ServerKind() {
            @Override
            public String id() {
                return onEventLoop ? "kitex-thrift-event-loop" : "kitex-thrift";
            }

            @Override
            public String label() {
                return onEventLoop ? "kitex-java Thrift server, handlers on the I/O thread" : "kitex-java Thrift server";
            }

            @Override
            public Protocol protocol() {
                return Protocol.THRIFT_FRAMED;
            }

            @Override
            public EchoServer start() {
                return startKitexServer(builder -> builder.service(EchoService.DESCRIPTOR, new Echo(), execution));
            }
        };
    }

    /**
     * Starts a KitexServer on 127.0.0.1 and a free port serving what {@code services} adds to its
     * builder, as an echo server of the benchmark.
     */
    static ServerKind.EchoServer startKitexServer(Consumer<KitexServer.Builder> services) {
        KitexServer.Builder builder = KitexServer.builder().host("127.0.0.1").port(0);
        services.accept(builder);
        return echoServer(builder.build().start());
    }

    /** {@code server} as an echo server of the benchmark: closing it stops the server at once. */
    private static ServerKind.EchoServer echoServer(KitexServer server) {
        return new ServerKind.EchoServer() {
            @Override
            public int port() {
                return server.port();
            }

            @Override
            public void close() {
                server.stop(Duration.ZERO);
            }
        };
    }

    private KitexThrift(PoolType pool) {
        this.pool = pool;
    }

    @Override
    public String id() {
        return "kitex-thrift-" + pool.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String label() {
        return "kitex-java Thrift (" + pool.name().toLowerCase(Locale.ROOT) + ")";
    }

    @Override
    public ServerKind server() {
        return SERVER;
    }

    @Override
    public LoadGenerator client(InetSocketAddress address, int inFlight, int payloadBytes) {
        EchoServiceClient client = new EchoServiceClient(EchoServiceClient.builder("echo")
            .addresses(address.getHostString() + ":" + address.getPort())
            .transport(Transport.TTHEADER_FRAMED)
            .pool(pool)
            .maxIdle(inFlight, inFlight)
            .connectTimeout(Duration.ofSeconds(5))
            .build());
        EchoService.Async echo = client.async();
        EchoRequest request = EchoRequest.builder().message(Payloads.ascii(payloadBytes)).build();
        return new AsyncLoad(done -> echo.echo(request).whenComplete((response, error) ->
            done.complete(error != null ? error : Echoes.check(response.message().length(), payloadBytes))),
            inFlight, client);
    }

    /** Answers every echo with the request's message. */
    private static final class Echo implements EchoService {
        @Override
        public EchoResponse echo(EchoRequest req) {
            return EchoResponse.builder().message(req.message()).build();
        }
    }
}
