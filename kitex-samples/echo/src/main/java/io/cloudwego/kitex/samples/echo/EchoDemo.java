package io.cloudwego.kitex.samples.echo;

import io.cloudwego.kitex.client.KitexClient;
import io.cloudwego.kitex.client.PoolType;
import io.cloudwego.kitex.remote.Transport;
import io.cloudwego.kitex.server.KitexServer;
import io.cloudwego.kitex.server.ServerMetrics;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The demo: starts an EchoService server, calls it over every transport, runs a short load loop
 * (1 KiB echo, 100 calls in flight) and prints what happened, then stops the server gracefully.
 *
 * <p>Arguments: {@code [seconds of load, default 5]}.
 */
public final class EchoDemo {
    private EchoDemo() {
    }

    public static void main(String[] args) throws Exception {
        int loadSeconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        KitexServer server = KitexServer.builder()
            .host("127.0.0.1")
            .port(0)
            .service(EchoService.DESCRIPTOR, new EchoServiceImpl())
            .build()
            .start();
        String address = "127.0.0.1:" + server.port();
        System.out.println("EchoService listening on " + address);

        for (Transport transport : Transport.values()) {
            try (EchoServiceClient client = new EchoServiceClient(EchoServiceClient.builder("echo")
                .addresses(address).transport(transport).rpcTimeout(Duration.ofSeconds(1)).build())) {
                EchoResponse response = client.echo(EchoRequest.builder().message("hello over " + transport).build());
                client.fire(EchoRequest.builder().message("fire-and-forget over " + transport).build());
                System.out.println("  " + transport + ": echo -> \"" + response.message() + "\"");
            }
        }

        try (EchoServiceClient client = new EchoServiceClient(EchoServiceClient.builder("echo")
            .addresses(address).pool(PoolType.MULTIPLEXED).rpcTimeout(Duration.ofSeconds(5)).build())) {
            LoadResult result = load(client.async(), 100, 1024, Duration.ofSeconds(1), Duration.ofSeconds(loadSeconds));
            System.out.printf("load: 1 KiB echo, 100 in flight, TTHeaderFramed, multiplexed pool: "
                + "%,d calls in %.1f s = %,.0f calls/s, %d errors%n",
                result.calls, result.seconds, result.calls / result.seconds, result.errors);
        }

        ServerMetrics metrics = server.metrics();
        System.out.printf("server: %d requests, %d connections accepted, %d protocol errors%n",
            metrics.requests(), metrics.connectionsAccepted(), metrics.protocolErrorCount());
        server.stop();
        System.out.println("server stopped gracefully");
    }

    /** Calls and errors of a load run. */
    public record LoadResult(long calls, long errors, double seconds) {
    }

    /** Keeps {@code inFlight} echo calls of {@code payloadBytes} running for a warm-up, then for a measured window. */
    public static LoadResult load(EchoService.Async client, int inFlight, int payloadBytes, Duration warmUp,
                                  Duration measure) throws InterruptedException {
        EchoRequest request = EchoRequest.builder().message("x".repeat(payloadBytes)).build();
        run(client, request, inFlight, warmUp.toNanos(), new long[2]);
        long[] counts = new long[2];
        long start = System.nanoTime();
        run(client, request, inFlight, measure.toNanos(), counts);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new LoadResult(counts[0], counts[1], seconds);
    }

    private static void run(EchoService.Async client, EchoRequest request, int inFlight, long nanos, long[] counts)
        throws InterruptedException {
        Semaphore permits = new Semaphore(inFlight);
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            if (!permits.tryAcquire(10, TimeUnit.MILLISECONDS)) {
                continue;
            }
            client.echo(request).whenComplete((r, e) -> {
                synchronized (counts) {
                    counts[e == null ? 0 : 1]++;
                }
                permits.release();
            });
        }
        permits.acquire(inFlight);
    }
}
