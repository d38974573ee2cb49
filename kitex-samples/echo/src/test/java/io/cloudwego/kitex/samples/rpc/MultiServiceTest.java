package io.cloudwego.kitex.samples.rpc;

import static io.cloudwego.kitex.samples.rpc.TestServices.ECHO;
import static io.cloudwego.kitex.samples.rpc.TestServices.OTHER_ECHO;
import static io.cloudwego.kitex.samples.rpc.TestServices.OTHER_ONLY;
import static io.cloudwego.kitex.samples.rpc.TestServices.OTHER_SERVICE;
import static io.cloudwego.kitex.samples.rpc.TestServices.RISKY;
import static io.cloudwego.kitex.samples.rpc.TestServices.TEST_SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.cloudwego.kitex.client.KitexClient;
import io.cloudwego.kitex.errors.RemoteApplicationException;
import io.cloudwego.kitex.remote.MessageType;
import io.cloudwego.kitex.remote.Transport;
import io.cloudwego.kitex.rpcinfo.RpcInfo;
import io.cloudwego.kitex.serviceinfo.ServiceDescriptor;
import io.cloudwego.kitex.server.KitexServer;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two services on one server, both with a method {@code echo}: a request naming its service in the
 * {@code isn} key (TTHeader) goes to that service; one without it (Framed, Buffered, or TTHeader
 * without the key) goes to the first registered service that has the method.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MultiServiceTest {
    @RegisterExtension
    final RpcFixture rpc = RpcFixture.perTest();

    /** TestService whose echo answers {@code "test:" + msg}, checking the call was routed to it. */
    private static final TestServices.TestService TEST = new TestServices.TestService() {
        @Override
        public CompletableFuture<String> echo(String msg) {
            assertThat(RpcInfo.current().idlServiceName()).isEqualTo("TestService");
            return CompletableFuture.completedFuture("test:" + msg);
        }
    };

    /** OtherService with its defaults: echo answers {@code "other:" + msg}, only {@code "only:" + msg}. */
    private static final TestServices.OtherService OTHER = new TestServices.OtherService() {
        @Override
        public CompletableFuture<String> echo(String msg) {
            assertThat(RpcInfo.current().idlServiceName()).isEqualTo("OtherService");
            return TestServices.OtherService.super.echo(msg);
        }
    };

    private KitexServer testThenOther() {
        return rpc.server(b -> b.service(TEST_SERVICE, TEST).service(OTHER_SERVICE, OTHER));
    }

    private KitexServer otherThenTest() {
        return rpc.server(b -> b.service(OTHER_SERVICE, OTHER).service(TEST_SERVICE, TEST));
    }

    private KitexClient client(KitexServer server, ServiceDescriptor<?> service, Transport transport) {
        return rpc.client(server, service, b -> b.transport(transport));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Transport.class, names = {"TTHEADER", "TTHEADER_FRAMED"})
    void theIsnKeyRoutesAMethodBothServicesHaveToTheServiceItNames(Transport transport) {
        for (KitexServer server : new KitexServer[] {testThenOther(), otherThenTest()}) {
            KitexClient test = client(server, TEST_SERVICE, transport);
            KitexClient other = client(server, OTHER_SERVICE, transport);

            assertThat(test.callBlocking(ECHO, "a")).isEqualTo("test:a");
            assertThat(other.callBlocking(OTHER_ECHO, "b")).isEqualTo("other:b");
            assertThat(other.callBlocking(OTHER_ONLY, "c")).isEqualTo("only:c");
            assertThat(test.callBlocking(RISKY, "d")).isEqualTo("d");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Transport.class, names = {"FRAMED", "BUFFERED"})
    void withoutIsnAMethodGoesToTheFirstRegisteredServiceThatHasIt(Transport transport) {
        KitexServer testFirst = testThenOther();
        KitexClient otherToTestFirst = client(testFirst, OTHER_SERVICE, transport);
        assertThat(otherToTestFirst.callBlocking(OTHER_ECHO, "a")).as("echo of the first registered service")
            .isEqualTo("test:a");
        assertThat(otherToTestFirst.callBlocking(OTHER_ONLY, "b")).as("the only service with the method")
            .isEqualTo("only:b");

        KitexServer otherFirst = otherThenTest();
        KitexClient testToOtherFirst = client(otherFirst, TEST_SERVICE, transport);
        assertThat(testToOtherFirst.callBlocking(ECHO, "c")).isEqualTo("other:c");
        assertThat(testToOtherFirst.callBlocking(RISKY, "d")).isEqualTo("d");
    }

    @Test
    void aTTHeaderRequestWithoutIsnIsRoutedByMethodToo() throws IOException {
        KitexServer server = otherThenTest();
        try (RawConnection raw = RawConnection.connect(server.port())) {
            raw.send(Transport.TTHEADER, RawConnection.requestHeader(1, null), "echo", MessageType.CALL, 1, "a");
            assertThat(raw.read(Duration.ofSeconds(10)).success()).isEqualTo("other:a");
            raw.send(Transport.TTHEADER, RawConnection.requestHeader(2, null), "risky", MessageType.CALL, 2, "b");
            assertThat(raw.read(Duration.ofSeconds(10)).success()).isEqualTo("b");
            raw.send(Transport.TTHEADER, RawConnection.requestHeader(3, "TestService"), "echo", MessageType.CALL, 3, "c");
            assertThat(raw.read(Duration.ofSeconds(10)).success()).isEqualTo("test:c");
        }
    }

    @Test
    void anIsnNamingAServiceWithoutTheMethodDoesNotFallBackToAnotherService() {
        KitexServer server = testThenOther();
        // A client that believes TestService has OtherService's "only".
        ServiceDescriptor<?> confused = TestServices.TEST_SERVICE_NAMED_BUT_OTHER_METHODS;

        Throwable error = catchThrowable(() -> client(server, confused, Transport.TTHEADER).callBlocking(OTHER_ONLY, "x"));
        assertThat(error).isInstanceOfSatisfying(RemoteApplicationException.class, e -> {
            assertThat(e.type()).isEqualTo(RemoteApplicationException.UNKNOWN_METHOD);
            assertThat(e.getMessage()).isEqualTo("unknown method only (service TestService)");
        });

        // Without isn, the method alone finds the service that has it.
        assertThat(client(server, confused, Transport.FRAMED).callBlocking(OTHER_ONLY, "x")).isEqualTo("only:x");
    }
}
