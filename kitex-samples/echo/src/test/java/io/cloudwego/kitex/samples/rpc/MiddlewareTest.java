package io.cloudwego.kitex.samples.rpc;

import static io.cloudwego.kitex.samples.rpc.RpcFixture.eventually;
import static io.cloudwego.kitex.samples.rpc.TestServices.ECHO;
import static io.cloudwego.kitex.samples.rpc.TestServices.TEST_SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.cloudwego.kitex.client.KitexClient;
import io.cloudwego.kitex.endpoint.Middleware;
import io.cloudwego.kitex.errors.BizStatusException;
import io.cloudwego.kitex.remote.Transport;
import io.cloudwego.kitex.rpcinfo.RpcInfo;
import io.cloudwego.kitex.server.KitexServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Client and server middleware: they run in the order added, around the call, see its
 * {@link RpcInfo}, and can answer without calling on (short-circuit) or change the request and the
 * response. Handlers see their call as {@link RpcInfo#current()}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MiddlewareTest {
    private static final String CALLER = "caller-svc";
    private static final Duration HANDLER_TIME = Duration.ofMillis(50);

    @RegisterExtension
    final RpcFixture rpc = RpcFixture.perTest();

    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    /** What handlers saw as the current call. */
    private final BlockingQueue<RpcInfo> handlerInfos = new LinkedBlockingQueue<>();

    /** echo: answers msg after a short while, recording the current call. */
    private final TestServices.TestService recordingService = new TestServices.TestService() {
        @Override
        public CompletableFuture<String> echo(String msg) {
            events.add("handler(" + msg + ")");
            handlerInfos.add(RpcInfo.current());
            return TestServices.after(HANDLER_TIME, msg);
        }
    };

    /** Records entering and leaving, and the call's RpcInfo on entry. */
    private Middleware recording(String name, AtomicReference<RpcInfo> seen) {
        return next -> (info, request) -> {
            events.add(name + ">");
            if (seen != null) {
                seen.set(info);
            }
            return next.call(info, request).whenComplete((r, e) -> events.add("<" + name));
        };
    }

    private KitexServer server(Middleware... middlewares) {
        return rpc.server(b -> b.serviceName(RpcFixture.SERVER_NAME).middleware(middlewares)
            .service(TEST_SERVICE, recordingService));
    }

    private KitexClient client(KitexServer server, Transport transport, Middleware... middlewares) {
        return rpc.client(server, TEST_SERVICE, b -> b.transport(transport).callerServiceName(CALLER)
            .rpcTimeout(Duration.ofSeconds(7)).middleware(middlewares));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Transport.class, names = "GRPC", mode = EnumSource.Mode.EXCLUDE)
    void middlewareRunsInTheOrderAddedAroundTheCallOnBothSides(Transport transport) {
        KitexServer server = server(recording("S1", null), recording("S2", null));
        KitexClient client = client(server, transport, recording("C1", null), recording("C2", null));

        assertThat(client.callBlocking(ECHO, "x")).isEqualTo("x");

        assertThat(events).containsExactly("C1>", "C2>", "S1>", "S2>", "handler(x)", "<S2", "<S1", "<C2", "<C1");
    }

    @Test
    void middlewareAndHandlersSeeTheCallsRpcInfo() throws Exception {
        AtomicReference<RpcInfo> atClient = new AtomicReference<>();
        AtomicReference<RpcInfo> atServer = new AtomicReference<>();
        KitexServer server = server(recording("S", atServer));
        KitexClient client = client(server, Transport.TTHEADER, next -> (info, request) -> {
            atClient.set(info);
            assertThat(info.callee().address()).as("no instance chosen yet").isNull();
            return next.call(info, request);
        });
        assertThat(RpcInfo.current()).as("outside of any handler").isNull();

        assertThat(client.callBlocking(ECHO, "who")).isEqualTo("who");

        RpcInfo c = atClient.get();
        assertThat(c.caller().serviceName()).isEqualTo(CALLER);
        assertThat(c.caller().method()).isEmpty();
        assertThat(c.callee().serviceName()).isEqualTo(RpcFixture.SERVER_NAME);
        assertThat(c.callee().method()).isEqualTo("echo");
        assertThat(c.callee().address()).isEqualTo(new InetSocketAddress("127.0.0.1", server.port()));
        assertThat(c.method()).isEqualTo("echo");
        assertThat(c.idlServiceName()).isEqualTo("TestService");
        assertThat(c.transport()).isEqualTo(Transport.TTHEADER);
        assertThat(c.rpcTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(c.seqId()).isNotZero();
        assertThat(c.stats().endNanos()).as("finished").isNotZero();
        assertThat(c.stats().elapsedNanos()).isGreaterThanOrEqualTo(HANDLER_TIME.toNanos());

        RpcInfo s = atServer.get();
        assertThat(handlerInfos.poll()).as("RpcInfo.current() in the handler").isSameAs(s);
        assertThat(s.caller().serviceName()).as("from TTHeader key 3").isEqualTo(CALLER);
        assertThat(s.caller().method()).isEmpty();
        assertThat(s.caller().address()).isInstanceOfSatisfying(InetSocketAddress.class,
            a -> assertThat(a.getAddress().isLoopbackAddress()).isTrue());
        assertThat(s.callee().serviceName()).isEqualTo(RpcFixture.SERVER_NAME);
        assertThat(s.callee().method()).isEqualTo("echo");
        assertThat(s.callee().address()).isEqualTo(new InetSocketAddress("127.0.0.1", server.port()));
        assertThat(s.idlServiceName()).isEqualTo("TestService");
        assertThat(s.transport()).isEqualTo(Transport.TTHEADER);
        assertThat(eventually(Duration.ofSeconds(10), () -> s.stats().endNanos() != 0)).isTrue();
        assertThat(s.stats().elapsedNanos()).isGreaterThanOrEqualTo(HANDLER_TIME.toNanos());
    }

    @Test
    void aHandlersDownstreamCallNamesItAsTheCaller() {
        AtomicReference<RpcInfo> atDownstream = new AtomicReference<>();
        KitexServer downstream = server(recording("D", atDownstream));
        KitexClient toDownstream = rpc.client(downstream, TEST_SERVICE,
            b -> b.transport(Transport.TTHEADER).callerServiceName("middle-svc"));
        KitexServer middle = rpc.server(b -> b.service(TEST_SERVICE, new TestServices.TestService() {
            @Override
            public CompletableFuture<String> risky(String msg) {
                return toDownstream.call(ECHO, msg);
            }
        }));
        KitexClient client = client(middle, Transport.TTHEADER);

        assertThat(client.callBlocking(TestServices.RISKY, "hop")).isEqualTo("hop");

        assertThat(atDownstream.get().caller().serviceName()).isEqualTo("middle-svc");
        assertThat(atDownstream.get().caller().method()).as("from TTHeader key 20").isEqualTo("risky");
    }

    @Test
    void middlewareCanAnswerWithoutCallingOn() {
        KitexServer server = server(recording("S", null), next -> (info, request) ->
            "forbidden".equals(request)
                ? CompletableFuture.failedFuture(new BizStatusException(403, "no entry"))
                : next.call(info, request));
        KitexClient client = client(server, Transport.TTHEADER_FRAMED, recording("C", null), next -> (info, request) ->
            ((String) request).startsWith("cached:")
                ? CompletableFuture.completedFuture("from cache")
                : next.call(info, request));

        assertThat(client.callBlocking(ECHO, "cached:1")).isEqualTo("from cache");
        assertThat(events).containsExactly("C>", "<C");
        assertThat(server.metrics().requests()).as("nothing was sent").isZero();

        events.clear();
        Throwable refused = catchThrowable(() -> client.callBlocking(ECHO, "forbidden"));
        assertThat(refused).isInstanceOfSatisfying(BizStatusException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.statusMessage()).isEqualTo("no entry");
        });
        assertThat(events).containsExactly("C>", "S>", "<S", "<C");
        assertThat(handlerInfos).as("the handler never ran").isEmpty();
    }

    @Test
    void middlewareCanChangeTheRequestAndTheResponse() {
        KitexServer server = server(next -> (info, request) ->
            next.call(info, "[s]" + request).thenApply(r -> "<" + r + ">"));
        KitexClient client = client(server, Transport.BUFFERED, next -> (info, request) ->
            next.call(info, ((String) request).toUpperCase()).thenApply(r -> r + "!"));

        assertThat(client.callBlocking(ECHO, "hi")).isEqualTo("<[s]HI>!");
        assertThat(events).containsExactly("handler([s]HI)");
    }
}
