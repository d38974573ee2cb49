package io.cloudwego.kitex.samples.rpc;

import static io.cloudwego.kitex.samples.rpc.TestServices.ECHO;
import static io.cloudwego.kitex.samples.rpc.TestServices.MISSING;
import static io.cloudwego.kitex.samples.rpc.TestServices.RISKY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.cloudwego.kitex.client.KitexClient;
import io.cloudwego.kitex.client.PoolType;
import io.cloudwego.kitex.errors.BizStatusException;
import io.cloudwego.kitex.errors.RemoteApplicationException;
import io.cloudwego.kitex.remote.MessageType;
import io.cloudwego.kitex.remote.Transport;
import io.cloudwego.kitex.samples.rpc.TestServices.TestError;
import io.cloudwego.kitex.serviceinfo.ServiceDescriptor;
import io.cloudwego.kitex.server.KitexServer;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How each kind of failure travels from a handler (or from routing) to the caller, per reference
 * §4: IDL exceptions typed, biz status in TTHeader keys, other handler errors and routing errors as
 * application exceptions with Kitex's types and messages. After every one of them the connection
 * carries the next call.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ErrorsTest {
    @RegisterExtension
    static final RpcFixture RPC = RpcFixture.perClass();

    private static KitexServer server;

    /** {@code risky} fails as its message says. */
    private static final class Failing implements TestServices.TestService {
        @Override
        public CompletableFuture<String> risky(String msg) {
            switch (msg) {
                case "idl":
                    return CompletableFuture.failedFuture(new TestError("bad input", 42));
                case "idl thrown":
                    throw new TestError("thrown", 7);
                case "biz":
                    return CompletableFuture.failedFuture(new BizStatusException(1001, "not allowed",
                        Map.of("k", "v", "unicode", "值 ✓", "quote", "a\"b")));
                case "runtime":
                    throw new IllegalStateException("boom");
                case "runtime async":
                    return CompletableFuture.failedFuture(new IllegalArgumentException("async boom"));
                case "application":
                    return CompletableFuture.failedFuture(
                        new RemoteApplicationException(RemoteApplicationException.PROTOCOL_ERROR, "custom"));
                default:
                    return CompletableFuture.completedFuture(msg);
            }
        }
    }

    @BeforeAll
    static void startServer() {
        // Several services, so that routing by isn matters.
        server = RPC.server(b -> b
            .service(TestServices.TEST_SERVICE, new Failing())
            .service(TestServices.OTHER_SERVICE, new TestServices.OtherService() { }));
    }

    /** A long-pool client: its calls reuse one connection, which lets a test see it survive. */
    private static KitexClient client(Transport transport, ServiceDescriptor<?> service) {
        return RPC.client(server, service, b -> b.transport(transport).pool(PoolType.LONG));
    }

    /** Calls {@code risky(msg)} and returns what it threw, checking the connection survived it. */
    private static Throwable riskyFailure(Transport transport, String msg) {
        KitexClient client = client(transport, TestServices.TEST_SERVICE);
        assertThat(client.callBlocking(ECHO, "warm-up")).isEqualTo("warm-up");
        long accepted = server.metrics().connectionsAccepted();

        Throwable error = catchThrowable(() -> client.callBlocking(RISKY, msg));

        assertThat(client.callBlocking(ECHO, "after " + msg)).isEqualTo("after " + msg);
        assertThat(server.metrics().connectionsAccepted()).as("the next call reused the connection").isEqualTo(accepted);
        return error;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Transport.class, names = "GRPC", mode = EnumSource.Mode.EXCLUDE)
    void anIdlDeclaredExceptionArrivesAsItsOwnType(Transport transport) {
        assertThat(riskyFailure(transport, "idl")).isInstanceOfSatisfying(TestError.class, e -> {
            assertThat(e.reason()).isEqualTo("bad input");
            assertThat(e.code()).isEqualTo(42);
        });
        assertThat(riskyFailure(transport, "idl thrown")).isInstanceOfSatisfying(TestError.class, e -> {
            assertThat(e.reason()).isEqualTo("thrown");
            assertThat(e.code()).isEqualTo(7);
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Transport.class, names = {"TTHEADER", "TTHEADER_FRAMED"})
    void aBizStatusErrorArrivesOverTTHeaderWithCodeMessageAndExtra(Transport transport) {
        assertThat(riskyFailure(transport, "biz")).isInstanceOfSatisfying(BizStatusException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(1001);
            assertThat(e.statusMessage()).isEqualTo("not allowed");
            assertThat(e.extra()).containsExactlyInAnyOrderEntriesOf(Map.of("k", "v", "unicode", "值 ✓", "quote", "a\"b"));
            assertThat(e.mayHaveReachedServer()).isTrue();
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Transport.class, names = {"FRAMED", "BUFFERED"})
    void aBizStatusErrorOverFramedOrBufferedArrivesAsAnApplicationException(Transport transport) {
        // Framed and Buffered have no header to carry biz status (§4.3).
        assertThat(riskyFailure(transport, "biz")).isInstanceOfSatisfying(RemoteApplicationException.class, e -> {
            assertThat(e.type()).isEqualTo(RemoteApplicationException.INTERNAL_ERROR);
            assertThat(e.getMessage()).startsWith("biz error: ").contains("1001").contains("not allowed");
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Transport.class, names = "GRPC", mode = EnumSource.Mode.EXCLUDE)
    void anyOtherHandlerExceptionArrivesAsInternalErrorPrefixedWithBizError(Transport transport) {
        assertThat(riskyFailure(transport, "runtime")).isInstanceOfSatisfying(RemoteApplicationException.class, e -> {
            assertThat(e.type()).isEqualTo(RemoteApplicationException.INTERNAL_ERROR);
            assertThat(e.getMessage()).isEqualTo("biz error: boom");
            assertThat(e.mayHaveReachedServer()).isTrue();
        });
        assertThat(riskyFailure(transport, "runtime async")).isInstanceOfSatisfying(RemoteApplicationException.class, e -> {
            assertThat(e.type()).isEqualTo(RemoteApplicationException.INTERNAL_ERROR);
            assertThat(e.getMessage()).isEqualTo("biz error: async boom");
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Transport.class, names = "GRPC", mode = EnumSource.Mode.EXCLUDE)
    void anApplicationExceptionThrownByAHandlerKeepsItsTypeWithTheBizErrorSuffix(Transport transport) {
        assertThat(riskyFailure(transport, "application")).isInstanceOfSatisfying(RemoteApplicationException.class, e -> {
            assertThat(e.type()).isEqualTo(RemoteApplicationException.PROTOCOL_ERROR);
            assertThat(e.getMessage()).isEqualTo("custom [biz error]");
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Transport.class, names = "GRPC", mode = EnumSource.Mode.EXCLUDE)
    void anUnknownMethodIsAnsweredWithUnknownMethod(Transport transport) {
        KitexClient client = client(transport, TestServices.TEST_SERVICE_WITH_MISSING_METHOD);
        assertThat(client.callBlocking(ECHO, "warm-up")).isEqualTo("warm-up");
        long accepted = server.metrics().connectionsAccepted();

        Throwable error = catchThrowable(() -> client.callBlocking(MISSING, "anyone?"));

        assertThat(error).isInstanceOfSatisfying(RemoteApplicationException.class, e -> {
            assertThat(e.type()).isEqualTo(RemoteApplicationException.UNKNOWN_METHOD);
            if (transport.isTTHeader()) {
                assertThat(e.getMessage()).isEqualTo("unknown method missing (service TestService)");
            } else {
                assertThat(e.getMessage()).startsWith("unknown method missing");
            }
        });
        assertThat(client.callBlocking(ECHO, "after")).isEqualTo("after");
        assertThat(server.metrics().connectionsAccepted()).isEqualTo(accepted);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Transport.class, names = {"TTHEADER", "TTHEADER_FRAMED"})
    void anUnknownServiceIsAnsweredWithUnknownService(Transport transport) {
        KitexClient ghost = client(transport, TestServices.GHOST_SERVICE);

        Throwable error = catchThrowable(() -> ghost.callBlocking(ECHO, "anyone?"));

        assertThat(error).isInstanceOfSatisfying(RemoteApplicationException.class, e -> {
            assertThat(e.type()).isEqualTo(RemoteApplicationException.UNKNOWN_SERVICE);
            assertThat(e.getMessage()).isEqualTo("unknown service GhostService, method echo");
        });
        // The connection stays: a second call goes over it and gets the same answer.
        long accepted = server.metrics().connectionsAccepted();
        assertThat(catchThrowable(() -> ghost.callBlocking(ECHO, "again")))
            .isInstanceOf(RemoteApplicationException.class);
        assertThat(server.metrics().connectionsAccepted()).isEqualTo(accepted);
    }

    @ParameterizedTest(name = "isn={0}")
    @ValueSource(strings = {"GhostService", "TestService"})
    void aRoutingErrorLeavesTheConnectionServingTheNextCall(String isn) throws IOException {
        String method = isn.equals("TestService") ? "missing" : "echo";
        try (RawConnection raw = RawConnection.connect(server.port())) {
            raw.send(Transport.TTHEADER, RawConnection.requestHeader(1, isn), method, MessageType.CALL, 1, "x");
            RawConnection.Received error = raw.read(Duration.ofSeconds(10));
            assertThat(error.message().type()).isEqualTo(MessageType.EXCEPTION);
            assertThat(error.message().seqId()).isEqualTo(1);
            assertThat(error.exception().type()).isEqualTo(isn.equals("TestService")
                ? RemoteApplicationException.UNKNOWN_METHOD : RemoteApplicationException.UNKNOWN_SERVICE);

            raw.send(Transport.TTHEADER, RawConnection.requestHeader(2, "TestService"), "echo", MessageType.CALL, 2, "next");
            RawConnection.Received next = raw.read(Duration.ofSeconds(10));
            assertThat(next.message().seqId()).isEqualTo(2);
            assertThat(next.success()).isEqualTo("next");
        }
    }
}
