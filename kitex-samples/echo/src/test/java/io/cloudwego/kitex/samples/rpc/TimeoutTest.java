package io.cloudwego.kitex.samples.rpc;

import static io.cloudwego.kitex.samples.rpc.RpcFixture.eventually;
import static io.cloudwego.kitex.samples.rpc.RpcFixture.millisSince;
import static io.cloudwego.kitex.samples.rpc.TestServices.ECHO;
import static io.cloudwego.kitex.samples.rpc.TestServices.SLOW;
import static io.cloudwego.kitex.samples.rpc.TestServices.TEST_SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.cloudwego.kitex.client.KitexClient;
import io.cloudwego.kitex.client.PoolType;
import io.cloudwego.kitex.errors.ConnectFailedException;
import io.cloudwego.kitex.errors.KitexException;
import io.cloudwego.kitex.errors.RemoteApplicationException;
import io.cloudwego.kitex.errors.RpcTimeoutException;
import io.cloudwego.kitex.remote.MessageType;
import io.cloudwego.kitex.remote.Transport;
import io.cloudwego.kitex.remote.codec.ttheader.IntKey;
import io.cloudwego.kitex.remote.codec.ttheader.TTHeader;
import io.cloudwego.kitex.rpcinfo.RpcInfo;
import io.cloudwego.kitex.server.KitexServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RPC timeouts on the client (default and per method), the timeout sent in TTHeader int key 12 and
 * what a server that honours it does, and connect timeouts and failures.
 *
 * <p>Timings are asserted only loosely: never earlier than the timeout, and within a generous
 * margin after it, since other builds share the machine.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TimeoutTest {
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    private static final long MARGIN_MS = 2_000;

    @RegisterExtension
    final RpcFixture rpc = RpcFixture.perTest();

    /**
     * {@code slow} answers after as many ms as its message says, and keeps the futures it returned;
     * {@code echo} answers {@code "sleep:N"} after N ms.
     */
    private static final class Sleepy implements TestServices.TestService {
        final BlockingQueue<CompletableFuture<String>> slowCalls = new LinkedBlockingQueue<>();

        @Override
        public CompletableFuture<String> echo(String msg) {
            if (msg.startsWith("sleep:")) {
                return TestServices.after(Duration.ofMillis(Long.parseLong(msg.substring(6))), msg);
            }
            return CompletableFuture.completedFuture(msg);
        }

        @Override
        public CompletableFuture<String> slow(String msg) {
            CompletableFuture<String> reply = TestServices.TestService.super.slow(msg);
            slowCalls.add(reply);
            return reply;
        }

        boolean allSlowCallsAnswered() {
            return slowCalls.stream().allMatch(CompletableFuture::isDone);
        }
    }

    private static RpcTimeoutException assertTimesOut(KitexClient client, Runnable call, Duration timeout) {
        long start = System.nanoTime();
        Throwable error = catchThrowable(call::run);
        long elapsed = millisSince(start);
        assertThat(error).isInstanceOf(RpcTimeoutException.class);
        RpcTimeoutException timedOut = (RpcTimeoutException) error;
        assertThat(timedOut.timeout()).isEqualTo(timeout);
        assertThat(timedOut.mayHaveReachedServer()).isTrue();
        assertThat(elapsed).as("ms until the timeout").isGreaterThanOrEqualTo(timeout.toMillis())
            .isLessThan(timeout.toMillis() + MARGIN_MS);
        return timedOut;
    }

    @ParameterizedTest(name = "{0} pool")
    @EnumSource(PoolType.class)
    void aSlowHandlerMakesTheCallTimeOutAndTheClientKeepsWorking(PoolType pool) throws Exception {
        Sleepy service = new Sleepy();
        KitexServer server = rpc.server(service);
        KitexClient client = rpc.client(server, TEST_SERVICE,
            b -> b.transport(Transport.TTHEADER_FRAMED).pool(pool).rpcTimeout(TIMEOUT));
        assertThat(client.callBlocking(ECHO, "before")).isEqualTo("before");

        assertTimesOut(client, () -> client.callBlocking(SLOW, "1500"), TIMEOUT);

        assertThat(client.callBlocking(ECHO, "right after")).isEqualTo("right after");
        // Once the late reply has been written (and dropped by the client), calls still work.
        assertThat(eventually(Duration.ofSeconds(20),
            () -> service.allSlowCallsAnswered() && server.metrics().inFlightRequests() == 0)).isTrue();
        Thread.sleep(100);
        for (int i = 0; i < 5; i++) {
            assertThat(client.callBlocking(ECHO, "later " + i)).isEqualTo("later " + i);
        }
        // And a second timeout behaves like the first.
        assertTimesOut(client, () -> client.callBlocking(SLOW, "1500"), TIMEOUT);
        assertThat(client.callBlocking(ECHO, "last")).isEqualTo("last");
    }

    @Test
    void aShorterPerMethodTimeoutOverridesTheClientTimeout() {
        KitexServer server = rpc.server(new Sleepy());
        KitexClient client = rpc.client(server, TEST_SERVICE,
            b -> b.rpcTimeout(Duration.ofSeconds(10)).rpcTimeout("slow", TIMEOUT));

        assertTimesOut(client, () -> client.callBlocking(SLOW, "2000"), TIMEOUT);
        // echo keeps the client's 10 s.
        assertThat(client.callBlocking(ECHO, "sleep:600")).isEqualTo("sleep:600");
    }

    @Test
    void aLongerPerMethodTimeoutOverridesTheClientTimeout() {
        KitexServer server = rpc.server(new Sleepy());
        KitexClient client = rpc.client(server, TEST_SERVICE,
            b -> b.rpcTimeout(TIMEOUT).rpcTimeout("slow", Duration.ofSeconds(10)));

        long start = System.nanoTime();
        assertThat(client.callBlocking(SLOW, "800")).isEqualTo("800");
        assertThat(millisSince(start)).isGreaterThanOrEqualTo(800);
        // echo keeps the client's 300 ms.
        assertTimesOut(client, () -> client.callBlocking(ECHO, "sleep:2000"), TIMEOUT);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Transport.class, names = {"TTHEADER", "TTHEADER_FRAMED"})
    void theRpcTimeoutOfEachCallIsSentInTTHeaderIntKey12(Transport transport) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            KitexClient withTimeouts = rpc.client(listener.getLocalPort(), TEST_SERVICE, b -> b
                .transport(transport).pool(PoolType.SHORT)
                .rpcTimeout(Duration.ofSeconds(10)).rpcTimeout("slow", Duration.ofMillis(1234)));
            KitexClient withoutTimeout = rpc.client(listener.getLocalPort(), TEST_SERVICE, b -> b
                .transport(transport).pool(PoolType.SHORT).rpcTimeout(Duration.ZERO));

            assertThat(requestSeenBy(listener, withTimeouts.call(SLOW, "a")).intKey(IntKey.RPC_TIMEOUT))
                .isEqualTo("1234");
            assertThat(requestSeenBy(listener, withTimeouts.call(ECHO, "b")).intKey(IntKey.RPC_TIMEOUT))
                .isEqualTo("10000");
            RawConnection.Received untimed = requestSeenBy(listener, withoutTimeout.call(ECHO, "c"));
            assertThat(untimed.header()).isNotNull();
            assertThat(untimed.intKey(IntKey.RPC_TIMEOUT)).isNull();
        }
    }

    /** Accepts the connection {@code call} opened and returns its request; the call then fails. */
    private static RawConnection.Received requestSeenBy(ServerSocket listener, CompletableFuture<String> call)
        throws IOException {
        try (RawConnection peer = RawConnection.accept(listener, Duration.ofSeconds(10))) {
            RawConnection.Received request = peer.read(Duration.ofSeconds(10));
            assertThat(request.message().type()).isEqualTo(MessageType.CALL);
            return request;
        } finally {
            assertThat(call).failsWithin(Duration.ofSeconds(10));
        }
    }

    @ParameterizedTest(name = "honorRpcTimeout={0}")
    @ValueSource(booleans = {true, false})
    void aServerHonouringTheRpcTimeoutGivesItsHandlersTheCallersDeadline(boolean honor) {
        BlockingQueue<RpcInfo> seen = new LinkedBlockingQueue<>();
        KitexServer server = rpc.server(b -> b.honorRpcTimeout(honor).service(TEST_SERVICE,
            new TestServices.TestService() {
                @Override
                public CompletableFuture<String> echo(String msg) {
                    seen.add(RpcInfo.current());
                    return CompletableFuture.completedFuture(msg);
                }
            }));
        KitexClient client = rpc.client(server, TEST_SERVICE,
            b -> b.transport(Transport.TTHEADER).rpcTimeout(Duration.ofMillis(4321)));

        assertThat(client.callBlocking(ECHO, "deadline")).isEqualTo("deadline");

        RpcInfo info = seen.poll();
        assertThat(info).isNotNull();
        if (honor) {
            assertThat(info.rpcTimeout()).isEqualTo(Duration.ofMillis(4321));
            assertThat(info.remainingTime()).isNotNull().isPositive().isLessThanOrEqualTo(Duration.ofMillis(4321));
        } else {
            assertThat(info.rpcTimeout()).isZero();
            assertThat(info.remainingTime()).isNull();
        }
    }

    @ParameterizedTest(name = "honorRpcTimeout={0}")
    @ValueSource(booleans = {true, false})
    void aServerHonouringTheRpcTimeoutAnswersWithATimeoutErrorOnceItPasses(boolean honor) throws Exception {
        Sleepy service = new Sleepy();
        KitexServer server = rpc.server(b -> b.honorRpcTimeout(honor).service(TEST_SERVICE, service));

        // A raw caller that sends a 300 ms RPC timeout but does not enforce it itself.
        try (RawConnection caller = RawConnection.connect(server.port())) {
            TTHeader header = RawConnection.requestHeader(7, "TestService");
            header.intInfo().put(IntKey.RPC_TIMEOUT, "300");
            long start = System.nanoTime();
            caller.send(Transport.TTHEADER, header, "slow", MessageType.CALL, 7, "1500");
            RawConnection.Received reply = caller.read(Duration.ofSeconds(20));
            long elapsed = millisSince(start);

            assertThat(reply.message().seqId()).isEqualTo(7);
            if (honor) {
                assertThat(reply.message().type()).isEqualTo(MessageType.EXCEPTION);
                RemoteApplicationException error = reply.exception();
                assertThat(error.type()).isEqualTo(RemoteApplicationException.INTERNAL_ERROR);
                assertThat(error.getMessage()).isEqualTo("rpc timeout: slow did not complete within 300ms");
                assertThat(elapsed).isGreaterThanOrEqualTo(300).isLessThan(1500);
                // The server forgot the call before its handler finished, and answers nothing more after it does.
                assertThat(eventually(Duration.ofSeconds(5), () -> server.metrics().inFlightRequests() == 0)).isTrue();
                // It timed out its own view of the call, not the future the handler returned: that
                // one still completes normally (stages the handler chained on it run).
                CompletableFuture<String> handlerResult = service.slowCalls.poll();
                assertThat(handlerResult).isNotNull();
                assertThat(handlerResult).isNotDone();
                assertThat(handlerResult).succeedsWithin(Duration.ofSeconds(20)).isEqualTo("1500");
                assertThat(caller.receivesNothingFor(Duration.ofMillis(300))).isTrue();
            } else {
                assertThat(reply.message().type()).isEqualTo(MessageType.REPLY);
                assertThat(reply.success()).isEqualTo("1500");
                assertThat(elapsed).isGreaterThanOrEqualTo(1500);
            }
        }
    }

    @Test
    void callsAHandlerMakesDownstreamAreBoundedByTheDeadlineItWasGiven() throws Exception {
        KitexServer downstream = rpc.server(new Sleepy());
        KitexClient toDownstream = rpc.client(downstream, TEST_SERVICE, b -> b.rpcTimeout(Duration.ZERO));
        BlockingQueue<Throwable> downstreamOutcome = new LinkedBlockingQueue<>();
        KitexServer middle = rpc.server(b -> b.honorRpcTimeout(true).service(TEST_SERVICE,
            new TestServices.TestService() {
                @Override
                public CompletableFuture<String> echo(String msg) {
                    return toDownstream.call(SLOW, "5000").whenComplete((r, e) ->
                        downstreamOutcome.add(e != null ? e : new AssertionError("downstream answered " + r)));
                }
            }));
        KitexClient client = rpc.client(middle, TEST_SERVICE, b -> b.rpcTimeout(Duration.ofMillis(1000)));

        long start = System.nanoTime();
        assertThat(catchThrowable(() -> client.callBlocking(ECHO, "chain"))).isInstanceOf(KitexException.class);
        Throwable outcome = downstreamOutcome.poll(20, TimeUnit.SECONDS);
        long elapsed = millisSince(start);

        assertThat(outcome).isInstanceOf(RpcTimeoutException.class);
        assertThat(((RpcTimeoutException) outcome).timeout()).isPositive().isLessThanOrEqualTo(Duration.ofMillis(1000));
        assertThat(elapsed).as("the downstream call gave up long before its 5 s handler").isLessThan(1000 + MARGIN_MS);
    }

    @ParameterizedTest(name = "{0} pool")
    @EnumSource(PoolType.class)
    void aClosedPortFailsTheCallWithConnectFailedThatCannotHaveReachedTheServer(PoolType pool) throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        KitexClient client = rpc.client(port, TEST_SERVICE, b -> b.pool(pool));

        Throwable error = catchThrowable(() -> client.callBlocking(ECHO, "nobody home"));

        assertThat(error).isInstanceOf(ConnectFailedException.class).hasMessageContaining(":" + port);
        assertThat(((ConnectFailedException) error).mayHaveReachedServer()).isFalse();
    }

    @Test
    void aConnectThatHangsFailsAfterTheConnectTimeoutWithConnectFailed() throws Exception {
        // A listener whose accept queue is full drops new SYNs, so connecting hangs.
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> queued = new ArrayList<>();
            boolean hangs = false;
            try {
                for (int i = 0; i < 64 && !hangs; i++) {
                    Socket socket = new Socket();
                    try {
                        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()), 200);
                        queued.add(socket);
                    } catch (SocketTimeoutException e) {
                        socket.close();
                        hangs = true;
                    }
                }
                assumeThat(hangs).as("this OS drops connections to a full accept queue").isTrue();

                Duration connectTimeout = Duration.ofMillis(300);
                KitexClient client = rpc.client(listener.getLocalPort(), TEST_SERVICE, b -> b
                    .pool(PoolType.LONG).connectTimeout(connectTimeout).rpcTimeout(Duration.ofSeconds(10)));
                long start = System.nanoTime();
                Throwable error = catchThrowable(() -> client.callBlocking(ECHO, "hang"));
                long elapsed = millisSince(start);

                assertThat(error).isInstanceOf(ConnectFailedException.class);
                assertThat(((ConnectFailedException) error).mayHaveReachedServer()).isFalse();
                assertThat(elapsed).isGreaterThanOrEqualTo(connectTimeout.toMillis())
                    .isLessThan(connectTimeout.toMillis() + MARGIN_MS);
            } finally {
                for (Socket socket : queued) {
                    socket.close();
                }
            }
        }
    }
}
