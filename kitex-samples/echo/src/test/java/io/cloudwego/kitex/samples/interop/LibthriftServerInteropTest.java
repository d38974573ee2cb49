package io.cloudwego.kitex.samples.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.cloudwego.kitex.client.KitexClient;
import io.cloudwego.kitex.client.PoolType;
import io.cloudwego.kitex.errors.RemoteApplicationException;
import io.cloudwego.kitex.samples.echo.EchoRequest;
import io.cloudwego.kitex.samples.echo.EchoResponse;
import io.cloudwego.kitex.samples.echo.EchoService;
import io.cloudwego.kitex.samples.echo.EchoServiceClient;
import io.cloudwego.kitex.samples.echo.EchoServiceDescriptor;
import io.cloudwego.kitex.samples.interop.LibthriftSupport.Framing;
import io.cloudwego.kitex.serviceinfo.MethodDescriptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our {@link KitexClient} calls Apache Thrift (libthrift 0.22) servers running a hand-written
 * processor: {@code Transport.FRAMED} against a {@code TThreadedSelectorServer} with
 * {@code TFramedTransport}, {@code Transport.BUFFERED} against a {@code TThreadPoolServer} over a
 * bare socket, each with the long, multiplexed and short connection pools.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LibthriftServerInteropTest {
    private static final Map<Framing, LibthriftSupport.Server> SERVERS = new EnumMap<>(Framing.class);

    /** A method the libthrift server does not know: {@code EchoResponse noSuchMethod(1: EchoRequest req)}. */
    static final MethodDescriptor<EchoService, EchoRequest, EchoResponse> NO_SUCH_METHOD = MethodDescriptor.of(
        "noSuchMethod", EchoServiceDescriptor.ECHO_ARGS, EchoServiceDescriptor.ECHO_RESULT,
        EchoServiceDescriptor.ECHO.invoker());

    private static EchoRequest request(String message) {
        return EchoRequest.builder().message(message).build();
    }

    @BeforeAll
    static void startServers() throws Exception {
        for (Framing framing : Framing.values()) {
            SERVERS.put(framing, LibthriftSupport.Server.start(framing));
        }
    }

    @AfterAll
    static void stopServers() throws Exception {
        for (LibthriftSupport.Server server : SERVERS.values()) {
            server.close();
        }
        SERVERS.clear();
    }

    private static EchoServiceClient client(Framing framing, PoolType pool) {
        return new EchoServiceClient(EchoServiceClient.builder("echo")
            .addresses(SERVERS.get(framing).address())
            .transport(framing.transport())
            .pool(pool)
            .connectTimeout(Duration.ofSeconds(5))
            .rpcTimeout(Duration.ofSeconds(20))
            .build());
    }

    static Stream<Arguments> setups() {
        List<Arguments> setups = new ArrayList<>();
        for (Framing framing : Framing.values()) {
            for (PoolType pool : new PoolType[] {PoolType.LONG, PoolType.MULTIPLEXED, PoolType.SHORT}) {
                setups.add(Arguments.of(framing, pool));
            }
        }
        return setups.stream();
    }

    static Stream<Arguments> payloads() {
        String[][] payloads = {
            {"empty", ""},
            {"1 KiB", LibthriftSupport.payload(1024)},
            {"1 MiB", LibthriftSupport.payload(1024 * 1024)},
            {"non-BMP Unicode", LibthriftSupport.NON_BMP},
        };
        return setups().flatMap(setup -> Stream.of(payloads)
            .map(p -> Arguments.of(setup.get()[0], setup.get()[1], p[0], p[1])));
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @MethodSource("payloads")
    void echoesPayload(Framing framing, PoolType pool, String label, String payload) {
        try (EchoServiceClient client = client(framing, pool)) {
            assertThat(client.echo(request(payload)).message()).isEqualTo(payload);
            assertThat(client.echo(request(payload)).message()).isEqualTo(payload);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("setups")
    void onewayFireThenEcho(Framing framing, PoolType pool) throws Exception {
        LibthriftSupport.EchoProcessor processor = SERVERS.get(framing).processor();
        processor.fired.clear();
        try (EchoServiceClient client = client(framing, pool)) {
            client.fire(request("fire " + framing + " " + pool));
            assertThat(client.echo(request("after fire")).message()).isEqualTo("after fire");
            client.fire(request(LibthriftSupport.NON_BMP));
            assertThat(client.echo(request("after second fire")).message()).isEqualTo("after second fire");
        }
        // The libthrift server received both oneway calls (in any order: with the short and
        // multiplexed pools they may travel on different connections, served by different threads).
        List<String> fired = new ArrayList<>();
        fired.add(processor.nextFired(Duration.ofSeconds(5)));
        fired.add(processor.nextFired(Duration.ofSeconds(5)));
        assertThat(fired).containsExactlyInAnyOrder("fire " + framing + " " + pool, LibthriftSupport.NON_BMP);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("setups")
    void unknownMethodRaisesUnknownMethodAndLaterCallsSucceed(Framing framing, PoolType pool) {
        try (EchoServiceClient client = client(framing, pool)) {
            assertThat(client.echo(request("before")).message()).isEqualTo("before");

            Throwable error = catchThrowable(() ->
                client.kitexClient().callBlocking(NO_SUCH_METHOD, request("hello")));

            assertThat(error).isInstanceOf(RemoteApplicationException.class);
            RemoteApplicationException e = (RemoteApplicationException) error;
            assertThat(e.type()).isEqualTo(RemoteApplicationException.UNKNOWN_METHOD);
            assertThat(e.getMessage()).contains("noSuchMethod");

            assertThat(client.echo(request("after")).message()).isEqualTo("after");
            assertThat(client.echo(request("after again")).message()).isEqualTo("after again");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("setups")
    void fourConcurrentCallers(Framing framing, PoolType pool) throws Exception {
        int callers = 4;
        int callsEach = 50;
        ExecutorService threads = Executors.newFixedThreadPool(callers);
        try (EchoServiceClient client = client(framing, pool)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                int id = c;
                results.add(threads.submit(() -> {
                    start.await();
                    int ok = 0;
                    for (int i = 0; i < callsEach; i++) {
                        String message = "caller-" + id + " call-" + i + " " + "y".repeat(i * 13 % 500);
                        assertThat(client.echo(request(message)).message()).isEqualTo(message);
                        ok++;
                    }
                    return ok;
                }));
            }
            start.countDown();
            for (Future<Integer> result : results) {
                assertThat(result.get(50, TimeUnit.SECONDS)).isEqualTo(callsEach);
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
