package io.cloudwego.kitex.samples.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudwego.kitex.samples.echo.EchoRequest;
import io.cloudwego.kitex.samples.echo.EchoResponse;
import io.cloudwego.kitex.samples.echo.EchoService;
import io.cloudwego.kitex.samples.interop.LibthriftSupport.Client;
import io.cloudwego.kitex.samples.interop.LibthriftSupport.Framing;
import io.cloudwego.kitex.samples.interop.LibthriftSupport.Reply;
import io.cloudwego.kitex.server.KitexServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.protocol.TMessageType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An Apache Thrift (libthrift 0.22) client, written by hand with {@code TBinaryProtocol} over
 * {@code TSocket} (buffered) or {@code TFramedTransport} (framed), calls a {@link KitexServer}
 * serving EchoService.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LibthriftClientInteropTest {
    private static final BlockingQueue<String> FIRED = new LinkedBlockingQueue<>();
    private static KitexServer server;

    /** Echoes, and records what {@code fire} receives. */
    private static final class RecordingEcho implements EchoService {
        @Override
        public EchoResponse echo(EchoRequest req) {
            return EchoResponse.builder().message(req.message()).build();
        }

        @Override
        public void fire(EchoRequest req) {
            FIRED.add(req.message());
        }
    }

    @BeforeAll
    static void startServer() {
        server = KitexServer.builder()
            .host("127.0.0.1")
            .port(0)
            .service(EchoService.DESCRIPTOR, new RecordingEcho())
            .build()
            .start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.stop(Duration.ofSeconds(2));
        }
    }

    @AfterEach
    void noProtocolErrors() {
        // Nothing a well-behaved libthrift client sends may count as bad input.
        assertThat(server.metrics().protocolErrors()).isEmpty();
        FIRED.clear();
    }

    static Stream<Arguments> payloads() {
        List<Arguments> cases = new ArrayList<>();
        for (Framing framing : Framing.values()) {
            cases.add(Arguments.of(framing, "empty", ""));
            cases.add(Arguments.of(framing, "1 KiB", LibthriftSupport.payload(1024)));
            cases.add(Arguments.of(framing, "1 MiB", LibthriftSupport.payload(1024 * 1024)));
            cases.add(Arguments.of(framing, "non-BMP Unicode", LibthriftSupport.NON_BMP));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("payloads")
    void echoesPayload(Framing framing, String label, String payload) throws Exception {
        try (Client client = new Client(server.port(), framing)) {
            assertThat(client.echo(payload)).isEqualTo(payload);
            // and again on the same connection
            assertThat(client.echo(payload)).isEqualTo(payload);
        }
    }

    @ParameterizedTest
    @EnumSource(Framing.class)
    void onewayFireThenEchoOnTheSameConnection(Framing framing) throws Exception {
        try (Client client = new Client(server.port(), framing)) {
            client.fire("fire-and-forget " + framing);
            // The server writes nothing for ONEWAY: if it did, this echo would read it and fail.
            assertThat(client.echo("after fire")).isEqualTo("after fire");
            client.fire(LibthriftSupport.NON_BMP);
            client.fire("");
            assertThat(client.echo("after three fires")).isEqualTo("after three fires");
        }
        // Requests on one connection are handled concurrently, so the handlers may finish in any order.
        List<String> fired = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            fired.add(FIRED.poll(5, TimeUnit.SECONDS));
        }
        assertThat(fired).containsExactlyInAnyOrder("fire-and-forget " + framing, LibthriftSupport.NON_BMP, "");
    }

    @ParameterizedTest
    @EnumSource(Framing.class)
    void unknownMethodIsAnsweredWithUnknownMethodAndTheConnectionStaysUsable(Framing framing) throws Exception {
        try (Client client = new Client(server.port(), framing)) {
            assertThat(client.echo("before")).isEqualTo("before");

            Reply reply = client.call("noSuchMethod", "hello");

            assertThat(reply.header().type).isEqualTo(TMessageType.EXCEPTION);
            assertThat(reply.header().name).isEqualTo("noSuchMethod");
            assertThat(reply.exception()).isNotNull();
            assertThat(reply.exception().getType()).isEqualTo(TApplicationException.UNKNOWN_METHOD);
            assertThat(reply.exception().getMessage()).contains("noSuchMethod");

            assertThat(client.echo("after")).isEqualTo("after");
            // twice in a row, to be sure nothing of the rejected call was left on the stream
            assertThat(client.call("anotherUnknown", "x").exception().getType())
                .isEqualTo(TApplicationException.UNKNOWN_METHOD);
            assertThat(client.echo("after again")).isEqualTo("after again");
        }
    }

    @ParameterizedTest
    @EnumSource(Framing.class)
    void fourConcurrentConnections(Framing framing) throws Exception {
        int connections = 4;
        int callsEach = 100;
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                int id = c;
                Callable<Integer> caller = () -> {
                    try (Client client = new Client(server.port(), framing)) {
                        start.await();
                        int ok = 0;
                        for (int i = 0; i < callsEach; i++) {
                            String message = "conn-" + id + " call-" + i + " " + "x".repeat(i * 7 % 300);
                            assertThat(client.echo(message)).isEqualTo(message);
                            ok++;
                        }
                        return ok;
                    }
                };
                results.add(pool.submit(caller));
            }
            start.countDown();
            for (Future<Integer> result : results) {
                assertThat(result.get(45, TimeUnit.SECONDS)).isEqualTo(callsEach);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
