package io.cloudwego.kitex.samples.rpc;

import static io.cloudwego.kitex.samples.rpc.RpcFixture.eventually;
import static io.cloudwego.kitex.samples.rpc.RpcFixture.millisSince;
import static io.cloudwego.kitex.samples.rpc.TestServices.ECHO;
import static io.cloudwego.kitex.samples.rpc.TestServices.SLOW;
import static io.cloudwego.kitex.samples.rpc.TestServices.TEST_SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.cloudwego.kitex.client.KitexClient;
import io.cloudwego.kitex.client.PoolType;
import io.cloudwego.kitex.errors.ConnectFailedException;
import io.cloudwego.kitex.errors.ConnectionClosedException;
import io.cloudwego.kitex.remote.MessageType;
import io.cloudwego.kitex.remote.Transport;
import io.cloudwego.kitex.remote.codec.ttheader.StringKey;
import io.cloudwego.kitex.remote.codec.ttheader.TTHeader;
import io.cloudwego.kitex.server.KitexServer;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link KitexServer#stop(Duration)} under load: calls in flight when it begins all complete, their
 * TTHeader replies carry {@code crrst}, new connections are refused, each connection closes once its
 * client can no longer be sending on it, and stop returns once that is so, or after the exit wait
 * time if it is not.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GracefulShutdownTest {
    private static final Duration EXIT_WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    final RpcFixture rpc = RpcFixture.perTest();

    private final ExecutorService stopper = Executors.newSingleThreadExecutor();

    /** {@code slow} holds each call until {@link #release} completes, then answers it after a short sleep. */
    private static final class Held implements TestServices.TestService {
        final CompletableFuture<Void> release = new CompletableFuture<>();
        final AtomicInteger arrived = new AtomicInteger();

        @Override
        public CompletableFuture<String> slow(String msg) {
            int n = arrived.incrementAndGet();
            return release.thenCompose(v -> TestServices.after(Duration.ofMillis(n % 10 * 20), msg));
        }
    }

    @Test
    void callsInFlightWhenStopBeginsCompleteWithCrrstWhileNewConnectionsAreRefused() throws Exception {
        Held service = new Held();
        KitexServer server = rpc.server(service);
        int port = server.port();
        List<KitexClient> clients = List.of(
            rpc.client(server, Transport.TTHEADER_FRAMED, PoolType.MULTIPLEXED),
            rpc.client(server, Transport.TTHEADER, PoolType.LONG),
            rpc.client(server, Transport.FRAMED, PoolType.SHORT),
            rpc.client(server, Transport.BUFFERED, PoolType.LONG));
        RawConnection rawHeader = rpc.register(RawConnection.connect(port));
        RawConnection rawHeaderFramed = rpc.register(RawConnection.connect(port));

        // Before stop, replies carry no crrst.
        rawHeader.send(Transport.TTHEADER, RawConnection.requestHeader(1, "TestService"), "echo",
            MessageType.CALL, 1, "before stop");
        RawConnection.Received beforeStop = rawHeader.read(Duration.ofSeconds(10));
        assertThat(beforeStop.success()).isEqualTo("before stop");
        assertThat(beforeStop.stringKey(StringKey.CONNECTION_RESET)).isNull();

        // Load: calls from every client and both raw connections, all held in their handlers.
        Map<String, CompletableFuture<String>> calls = new LinkedHashMap<>();
        for (int i = 0; i < 15; i++) {
            for (KitexClient client : clients) {
                String payload = client.transport() + "/" + client.poolType() + "#" + i;
                calls.put(payload, client.call(SLOW, payload));
            }
        }
        rawHeader.send(Transport.TTHEADER, RawConnection.requestHeader(2, "TestService"), "slow",
            MessageType.CALL, 2, "raw TTHeader");
        rawHeaderFramed.send(Transport.TTHEADER_FRAMED, RawConnection.requestHeader(3, "TestService"), "slow",
            MessageType.CALL, 3, "raw TTHeaderFramed");
        int inFlight = calls.size() + 2;
        assertThat(eventually(Duration.ofSeconds(30),
            () -> service.arrived.get() == inFlight && server.metrics().inFlightRequests() == inFlight))
            .as("all %d calls in flight", inFlight).isTrue();

        long stopStart = System.nanoTime();
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> server.stop(EXIT_WAIT), stopper);

        // Stop has begun: new connections are refused, while every call is still held.
        assertThat(eventually(Duration.ofSeconds(10), () -> !server.isRunning())).isTrue();
        assertThat(eventually(Duration.ofSeconds(10), () -> connectionRefused(port)))
            .as("a new connection is refused once stop has begun").isTrue();
        KitexClient latecomer = rpc.client(server, Transport.TTHEADER, PoolType.SHORT);
        Throwable late = catchThrowable(() -> latecomer.callBlocking(ECHO, "too late"));
        assertThat(late).isInstanceOf(ConnectFailedException.class);
        assertThat(stopped).as("stop waits for the calls in flight").isNotDone();
        assertThat(calls.values()).noneMatch(CompletableFuture::isDone);

        service.release.complete(null);

        // Every call in flight when stop began completes successfully.
        CompletableFuture.allOf(calls.values().toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
        calls.forEach((payload, reply) -> assertThat(reply.join()).isEqualTo(payload));
        // TTHeader replies written while draining carry crrst=1, then the server closes the connection.
        for (RawConnection raw : List.of(rawHeader, rawHeaderFramed)) {
            RawConnection.Received reply = raw.read(Duration.ofSeconds(30));
            assertThat(reply.message().type()).isEqualTo(MessageType.REPLY);
            assertThat(reply.success()).startsWith("raw TTHeader");
            assertThat(reply.stringKey(StringKey.CONNECTION_RESET)).isEqualTo("1");
            assertThatThrownBy(() -> raw.read(Duration.ofSeconds(30))).isInstanceOf(EOFException.class);
        }

        stopped.get(60, TimeUnit.SECONDS);
        assertThat(millisSince(stopStart)).as("stop returned once the calls were done, before the exit wait")
            .isLessThan(EXIT_WAIT.toMillis());
        assertThat(server.metrics().inFlightRequests()).isZero();
        assertThat(eventually(Duration.ofSeconds(10), () -> server.metrics().activeConnections() == 0)).isTrue();
    }

    @Test
    void eachIdleConnectionClosesOnceItsClientCanNoLongerBeSendingOnIt() throws Exception {
        KitexServer server = rpc.server(new TestServices.TestService() {
        });
        int port = server.port();
        // A multiplexing client (flag SupportOutOfOrder), a TTHeader client that sends one call at a
        // time, and a Framed one: each has had one call answered, and is idle when stop begins.
        RawConnection multiplexing = rpc.register(RawConnection.connect(port));
        RawConnection oneAtATime = rpc.register(RawConnection.connect(port));
        RawConnection framed = rpc.register(RawConnection.connect(port));
        multiplexing.send(Transport.TTHEADER_FRAMED, RawConnection.requestHeader(1, "TestService")
            .flags(TTHeader.FLAG_SUPPORT_OUT_OF_ORDER), "echo", MessageType.CALL, 1, "multiplexing");
        oneAtATime.send(Transport.TTHEADER, RawConnection.requestHeader(2, "TestService"), "echo",
            MessageType.CALL, 2, "one at a time");
        framed.send(Transport.FRAMED, null, "echo", MessageType.CALL, 3, "framed");
        for (RawConnection raw : List.of(multiplexing, oneAtATime, framed)) {
            assertThat(raw.read(Duration.ofSeconds(10)).stringKey(StringKey.CONNECTION_RESET)).isNull();
        }

        long stopStart = System.nanoTime();
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> server.stop(EXIT_WAIT), stopper);

        // The multiplexing client is told on its idle connection: a control frame, as Kitex's mux server sends.
        RawConnection.Received control = multiplexing.read(Duration.ofSeconds(10));
        assertThat(control.message().seqId()).isZero();
        assertThat(control.header().seqId()).isZero();
        assertThat(control.message().method()).isEqualTo("none");
        assertThat(control.message().type()).isEqualTo(MessageType.REPLY);
        assertThat(control.stringKey(StringKey.CONNECTION_RESET)).isEqualTo("1");
        // A Framed client cannot be told: its idle connection closes at once.
        assertThatThrownBy(() -> framed.read(Duration.ofSeconds(10))).isInstanceOf(EOFException.class);
        // The one-at-a-time client learns on its next call, which is served, and is then done with the connection.
        oneAtATime.send(Transport.TTHEADER, RawConnection.requestHeader(4, "TestService"), "echo",
            MessageType.CALL, 4, "one more");
        RawConnection.Received last = oneAtATime.read(Duration.ofSeconds(10));
        assertThat(last.success()).isEqualTo("one more");
        assertThat(last.stringKey(StringKey.CONNECTION_RESET)).isEqualTo("1");
        assertThatThrownBy(() -> oneAtATime.read(Duration.ofSeconds(10))).isInstanceOf(EOFException.class);

        // The multiplexing client may still be sending: its connection stays open until it closes it.
        assertThat(stopped).as("stop waits for the multiplexing client").isNotDone();
        multiplexing.close();
        stopped.get(60, TimeUnit.SECONDS);
        assertThat(millisSince(stopStart)).as("stop returned once every client had left, before the exit wait")
            .isLessThan(EXIT_WAIT.toMillis());
    }

    @Test
    void stopReturnsAfterTheExitWaitTimeWhenACallNeverCompletes() throws Exception {
        KitexServer server = rpc.server(new TestServices.TestService() {
            @Override
            public CompletableFuture<String> slow(String msg) {
                return new CompletableFuture<>(); // never answered
            }
        });
        KitexClient client = rpc.client(server, Transport.TTHEADER, PoolType.LONG);
        CompletableFuture<String> stuck = client.call(SLOW, "forever");
        assertThat(eventually(Duration.ofSeconds(30), () -> server.metrics().inFlightRequests() == 1)).isTrue();

        Duration exitWait = Duration.ofSeconds(1);
        long start = System.nanoTime();
        server.stop(exitWait);
        long elapsed = millisSince(start);

        assertThat(elapsed).as("stop waited the exit wait time, and not much longer")
            .isGreaterThanOrEqualTo(exitWait.toMillis()).isLessThan(exitWait.toMillis() + 5_000);
        // The abandoned call fails when its connection closes, not when its 30 s timeout passes.
        assertThat(stuck).failsWithin(Duration.ofSeconds(10))
            .withThrowableOfType(ExecutionException.class)
            .withCauseInstanceOf(ConnectionClosedException.class);
        assertThat(((ConnectionClosedException) catchThrowable(stuck::join).getCause()).mayHaveReachedServer()).isTrue();
    }

    private static boolean connectionRefused(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @AfterEach
    void stopStopper() {
        stopper.shutdownNow();
    }
}
